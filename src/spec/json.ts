// Reads spec JSON text; invalid JSON becomes a FileError "file:line:col: reason" (1-based line and
// column, counted in characters), whatever shape V8's SyntaxError message takes.
import { FileError } from "../../compiler/errors.ts";
import { findNodeAtLocation, parseTree, type JSONPath } from "jsonc-parser";
import { findDuplicateKey } from "./json-duplicates.ts";
import { syntaxErrorOffset } from "./json-scan.ts";

// "... in JSON at position 7", "... after JSON at position 3", newer V8: "... (line 1 column 8)".
const AT_POSITION = /(?:\s+in JSON)?\s+at position (\d+)(?:\s*\(line \d+ column \d+\))?/;
// "Unexpected token 'x', "{"a": x}" is not valid JSON" (long sources: ..."snippet"...).
const WITH_SNIPPET = /^(Unexpected token .*?), (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s;

export interface TextLocation {
  line: number;
  column: number;
}

/** 1-based line and column of a UTF-16 offset; \n, \r\n and \r each end a line. */
export function locate(text: string, offset: number): TextLocation {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1];
  return { line: lines.length, column: Array.from(last).length + 1 };
}

/** `text` without a leading byte-order mark (positions are counted after it). */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The reason without V8's position suffix or quoted source snippet. */
function cleanReason(message: string): string {
  const withoutPosition = message.replace(AT_POSITION, "");
  const snippet = WITH_SNIPPET.exec(withoutPosition);
  return snippet ? snippet[1] : withoutPosition;
}

function errorOffset(text: string, message: string): number | undefined {
  const position = AT_POSITION.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  return syntaxErrorOffset(text);
}

/**
 * JSON.parse with errors that point at the file, line and column. A leading BOM is ignored. A key
 * repeated in one object is an error naming both places (JSON.parse would keep the last silently).
 */
export function parseSpecJson(text: string, fileName: string): unknown {
  const source = withoutBom(text);
  let value: unknown;
  try {
    value = JSON.parse(source) as unknown;
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const reason = cleanReason(e.message);
    const offset = errorOffset(source, e.message);
    if (offset === undefined) throw new FileError(`${fileName}: invalid JSON: ${reason}`);
    const { line, column } = locate(source, offset);
    throw new FileError(`${fileName}:${line}:${column}: invalid JSON: ${reason}`);
  }
  const duplicate = findDuplicateKey(source);
  if (duplicate) {
    const at = (offset: number) => {
      const { line, column } = locate(source, offset);
      return `${fileName}:${line}:${column}`;
    };
    const key = JSON.stringify(duplicate.key);
    throw new FileError(
      `${at(duplicate.second)}: duplicate key ${key} (first at ${at(duplicate.first)}); a key may appear once per object`,
    );
  }
  return value;
}

/**
 * Where the value at `path` (keys and indices from the root) stands in spec JSON `text`; for a
 * field that is missing, where its closest enclosing value starts. Undefined when `text` is not
 * JSON (or nested too deeply to scan), or for the root itself. Used to put file:line:col in
 * front of validation errors.
 */
export function locatePath(
  text: string,
  path: readonly (string | number)[],
): TextLocation | undefined {
  const source = withoutBom(text);
  let root;
  try {
    root = parseTree(source);
  } catch {
    return undefined; // the parser recurses: nesting JSON.parse accepts can exhaust its stack
  }
  if (!root) return undefined;
  if (path.length === 0) return undefined;
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(root, path.slice(0, depth) as JSONPath);
    if (node) return locate(source, node.offset);
  }
  return undefined;
}
