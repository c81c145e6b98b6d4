// The emitted module is written in its final form: exactly what prettier prints (format.ts options:
// printWidth 100, trailingComma all, quoteProps as-needed). Static code is stored that way; the few
// layout decisions that depend on generated values are made here with prettier's rules; dynamic
// statements are written one per line and indented by `reindent`. What cannot be guaranteed (a
// line too long for its flat form, text whose width is not its length) is reported through a
// Canonicity, and the module is then formatted by prettier after all (compiler/index.ts).
export const PRINT_WIDTH = 100;

/** Collects the reasons the text may not be canonical. */
export class Canonicity {
  readonly reasons: string[] = [];
  fail(reason: string): void {
    this.reasons.push(reason);
  }
  get ok(): boolean {
    return this.reasons.length === 0;
  }
}

/** `text` with every non-empty line indented by `depth` levels. */
export function indent(text: string, depth: number): string {
  const pad = "  ".repeat(depth);
  return text
    .split("\n")
    .map((line) => (line === "" ? line : pad + line))
    .join("\n");
}

/**
 * Indents statements written one per line without indentation: a line's depth is the number of
 * braces open before it (a line starting with `}` closes one first); the declarators after the
 * first of a `const` / `let` list ending its line with `,` get one more level, as prettier prints.
 * Comment lines are not scanned for braces (they may hold spec text).
 */
export function reindent(text: string, depth: number): string {
  const out: string[] = [];
  let level = depth;
  let declarators = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") {
      out.push("");
      continue;
    }
    const isComment = line.startsWith("//");
    const closes = !isComment && line.startsWith("}") ? 1 : 0;
    out.push("  ".repeat(level - closes + (declarators ? 1 : 0)) + line);
    if (isComment) continue;
    if (declarators) declarators = !line.endsWith(";");
    else if (/^(const|let) /.test(line) && line.endsWith(",")) declarators = true;
    level += count(line, "{") - count(line, "}");
  }
  return out.join("\n");
}

function count(line: string, c: string): number {
  let n = 0;
  for (const ch of line) if (ch === c) n++;
  return n;
}

/**
 * Blank lines as prettier keeps them: at most one in a row, none at the start or end of a block;
 * and an empty block (a method with nothing to compute) closed on its own line: `{}`.
 */
export function normalizeBlankLines(code: string): string {
  const final = code.endsWith("\n");
  const lines = (final ? code.slice(0, -1) : code).split("\n");
  const out: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.trim() !== "") {
      const prev = out[out.length - 1];
      if (line.trim() === "}" && prev?.endsWith("{") && !prev.trimStart().startsWith("//")) out[out.length - 1] = `${prev}}`;
      else out.push(line);
      continue;
    }
    const prev = out[out.length - 1];
    let next = k + 1;
    while (next < lines.length && lines[next]!.trim() === "") next++;
    const following = lines[next];
    if (prev === undefined || prev === "" || prev.endsWith("{") || following === undefined || /^\s*}/.test(following)) continue;
    out.push("");
  }
  return out.join("\n") + (final ? "\n" : "");
}

/** The width prettier measures, or more (a non-ASCII character may be two columns wide). */
export function conservativeWidth(line: string): number {
  let w = 0;
  for (const ch of line) w += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return w;
}

/** A string literal as prettier prints it: double quotes unless the text holds more of them than single ones. */
export function prettierString(json: string): string {
  // `json` is a double-quoted JSON string literal (names.ts stringLiteral).
  const body = json.slice(1, -1);
  const doubles = (body.match(/\\"/g) ?? []).length;
  const singles = (body.match(/'/g) ?? []).length;
  if (doubles <= singles) return json;
  // Single quotes: `\"` loses its backslash, `'` gains one; other escapes stay as written.
  return `'${body.replace(/\\(.)|(')/gs, (m, escaped: string | undefined, quote: string | undefined) => (quote ? "\\'" : escaped === '"' ? '"' : m))}'`;
}

/**
 * `if (test) statement` at `depth` as prettier lays it out: on one line when it fits, else the
 * statement on the next line, indented; a call statement that still does not fit breaks its
 * arguments (one per line, trailing comma).
 */
export function ifStatement(depth: number, test: string, statement: string, canon: Canonicity): string {
  const pad = "  ".repeat(depth);
  const flat = `${pad}if (${test}) ${statement}`;
  if (decideFits(flat, canon)) return flat;
  return `${pad}if (${test})\n${callStatement(depth + 1, statement, canon)}`;
}

/**
 * The module's method signatures (`  name(a: T, b: U): R {`) that the final names made wider than
 * the print width, broken one parameter per line as prettier does. Generated parameter lists hold
 * no nested commas (names, typed arrays, `batch: number = 64`), so ", " separates them.
 */
export function breakWideSignatures(code: string): string {
  return code.replace(/^( {2})((?:private )?[A-Za-z_$][\w$]*)\(([^()\n]+)\)(: [^\n(){}]+ \{)$/gm, (line, pad: string, head: string, params: string, tail: string) =>
    fits(line) ? line : `${pad}${head}(\n${params.split(", ").map((p) => `${pad}  ${p},`).join("\n")}\n${pad})${tail}`,
  );
}

/**
 * The call statements of kernel functions (`    f(a, b, batch * 16);`) that the final names made
 * wider than the print width, broken one argument per line as prettier does. Their arguments are
 * names and products with the batch: no nested commas or parentheses.
 */
export function breakWideCalls(code: string): string {
  return code.replace(/^( +)([A-Za-z_$][\w$]*)\(([\w$ *,]+)\);$/gm, (line, pad: string, callee: string, args: string) =>
    fits(line) ? line : `${pad}${callee}(\n${args.split(", ").map((a) => `${pad}  ${a},`).join("\n")}\n${pad});`,
  );
}

/** A statement ending with a call (`throw f(a, b);`), its arguments broken when it does not fit. */
export function callStatement(depth: number, statement: string, canon: Canonicity): string {
  const pad = "  ".repeat(depth);
  const line = pad + statement;
  if (decideFits(line, canon)) return line;
  const open = statement.indexOf("(");
  if (!statement.endsWith(");") || open < 0) {
    canon.fail(`a statement wider than ${PRINT_WIDTH} columns: ${statement.slice(0, 40)}…`);
    return line;
  }
  const args = splitArguments(statement.slice(open + 1, -2));
  if (args === undefined) {
    canon.fail(`arguments not split: ${statement.slice(0, 40)}…`);
    return line;
  }
  return `${pad}${statement.slice(0, open + 1)}\n${args.map((a) => `${pad}  ${a},`).join("\n")}\n${pad});`;
}

/** Top-level comma-separated arguments; undefined when the text is not simple enough to split. */
function splitArguments(text: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (quote) {
      if (c === "\\") k++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "`") return k === 0 && text.endsWith("`") ? [text] : undefined; // a sole template argument
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, k).trim());
      start = k + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

export const fits = (line: string): boolean => conservativeWidth(line) <= PRINT_WIDTH;

/**
 * Whether `line` fits, for a layout decision: a line whose non-ASCII characters leave its width
 * in doubt around the limit (prettier counts wide characters 2 and combining ones 0) is reported.
 */
export function decideFits(line: string, canon: Canonicity): boolean {
  let ascii = 0;
  let other = 0;
  for (const ch of line) ch.charCodeAt(0) < 0x80 ? ascii++ : other++;
  if (ascii <= PRINT_WIDTH && ascii + 2 * other > PRINT_WIDTH) canon.fail("a line whose width is in doubt");
  return ascii + 2 * other <= PRINT_WIDTH;
}

/** Lines of `code` prettier would lay out differently: too wide, outside what it keeps verbatim. */
export function wideLines(code: string): number[] {
  const out: number[] = [];
  let ignored = false;
  code.split("\n").forEach((line, k) => {
    if (ignored) {
      if (line === "}") ignored = false;
      return;
    }
    if (line === "// prettier-ignore") {
      ignored = true;
      return;
    }
    if (conservativeWidth(line) <= PRINT_WIDTH) return;
    const trimmed = line.trim();
    if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/**")) return;
    const code = withoutTrailingComment(trimmed);
    if (conservativeWidth(" ".repeat(line.length - trimmed.length) + code) <= PRINT_WIDTH) return;
    // A string or template on a line of its own (an argument, a returned value): prettier cannot break it.
    if (/^(?:return |throw )?(?:`.*`|'[^']*'|"[^"]*")[,;]?$/.test(code)) return;
    out.push(k + 1);
  });
  return out;
}

/** The code of a line without a trailing `//` comment (strings skipped, enough for emitted lines). */
function withoutTrailingComment(line: string): string {
  let quote: string | undefined;
  for (let k = 0; k < line.length; k++) {
    const c = line[k]!;
    if (quote) {
      if (c === "\\") k++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && line[k + 1] === "/") return line.slice(0, k).trimEnd();
  }
  return line;
}
