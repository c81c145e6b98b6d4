// Terminal output for the commands: results on stdout, problems on stderr, colors only when the
// stream is a TTY (NO_COLOR disables them, FORCE_COLOR forces them), `--quiet` keeps only problems.
import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

export interface Ui {
  /** A result line on stdout (suppressed by --quiet). */
  info(line: string): void;
  /** Output that is the point of the command (inspect, check tables): printed even when quiet. */
  out(text: string): void;
  /** A problem on stderr (never suppressed). */
  error(line: string): void;
  /** Colors for stdout and for stderr (each on only if that stream is a TTY). */
  readonly c: Colors;
  readonly ce: Colors;
  readonly quiet: boolean;
}

export interface UiOptions {
  quiet?: boolean;
  /** commander's --no-color sets this to false. */
  color?: boolean;
}

/** Colors for `stream`: a TTY, TERM not "dumb", NO_COLOR unset; FORCE_COLOR (≠ "0") forces them. */
export function colorsEnabled(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
  flag?: boolean,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates; the second keeps tab and newline.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_IN_TEXT =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// What colors print: SGR sequences (ESC [ digits m), kept only on streams that show colors.
const CONTROLS_BUT_COLORS =
  /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escapeControl = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * User text (spec names, paths) as printed: control characters shown as \u escapes, so a name
 * cannot recolor, retitle, ring, move the cursor, overwrite a line or start a new one.
 */
export function printable(text: string): string {
  return text.replace(CONTROLS, escapeControl);
}

/** A message of several lines as printed: like printable, but tab and newline stay. */
export function printableText(text: string): string {
  return text.replace(CONTROLS_IN_TEXT, escapeControl);
}

/** A whole line as written: like printable, but our own color sequences survive where enabled. */
function terminalSafe(text: string, colors: boolean): string {
  if (!colors) return printableText(text);
  return text.replace(CONTROLS_BUT_COLORS, (m) => (m.length > 1 ? m : escapeControl(m)));
}

export function createUi(options: UiOptions = {}): Ui {
  const outColors = colorsEnabled(process.stdout, process.env, options.color);
  const errColorsOn = colorsEnabled(process.stderr, process.env, options.color);
  const c = pc.createColors(outColors);
  const errColors = pc.createColors(errColorsOn);
  // Names are escaped where they are inserted (before coloring); this is the safety net.
  const write = (stream: NodeJS.WriteStream, raw: string) => {
    const text = terminalSafe(raw, stream === process.stdout ? outColors : errColorsOn);
    stream.write(text.endsWith("\n") ? text : `${text}\n`);
  };
  return {
    c,
    ce: errColors,
    quiet: options.quiet === true,
    info: (line) => {
      if (!options.quiet) write(process.stdout, line);
    },
    out: (text) => write(process.stdout, text),
    error: (line) => write(process.stderr, line.replace(/^✗/, errColors.red("✗"))),
  };
}

/** A Ui that records lines (for tests and for callers that want the text). */
export function memoryUi(options: UiOptions = {}): Ui & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    c: pc.createColors(false),
    ce: pc.createColors(false),
    quiet: options.quiet === true,
    stdout,
    stderr,
    info: (line) => {
      if (!options.quiet) stdout.push(line);
    },
    out: (text) => stdout.push(text),
    error: (line) => stderr.push(line),
  };
}
