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

export function createUi(options: UiOptions = {}): Ui {
  const c = pc.createColors(colorsEnabled(process.stdout, process.env, options.color));
  const errColors = pc.createColors(colorsEnabled(process.stderr, process.env, options.color));
  const write = (stream: NodeJS.WriteStream, text: string) =>
    stream.write(text.endsWith("\n") ? text : `${text}\n`);
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
