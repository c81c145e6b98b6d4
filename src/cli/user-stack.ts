// Finds where in the user's own code an error was thrown: the first stack frame that is not
// tapeless itself, Node internals or a dependency (frames are already source-mapped by Node).
import { isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

export interface StackLocation {
  file: string;
  line: number;
  column: number;
}

/** Stack frames as absolute paths with line and column, in stack order. */
export function stackLocations(stack: string): StackLocation[] {
  const out: StackLocation[] = [];
  for (const line of stack.split("\n")) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = toPath(m[1]!);
    if (file) out.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

function toPath(where: string): string | undefined {
  if (where.startsWith("file://")) return fileURLToPath(where);
  return isAbsolute(where) ? where : undefined;
}

/** `dir/spec.ts:3:9` (relative to cwd) for the first frame for which `isOurs` is false, if any. */
export function userFrame(
  error: unknown,
  isOurs: (file: string) => boolean,
  cwd = process.cwd(),
): string | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const frame = stackLocations(stack).find((f) => !isOurs(f.file));
  if (!frame) return undefined;
  return `${displayPath(frame.file, cwd)}:${frame.line}:${frame.column}`;
}

/** A path as the user would type it: relative to cwd when below it, with forward slashes. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  const shown = rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
  return shown.split(sep).join("/");
}

/** Files that are never the user's: tapeless itself, dependencies, and the given extra files. */
export function notUserCode(root: string, ...extraFiles: string[]): (file: string) => boolean {
  const dirs = ["src", "compiler", "dist", "node_modules"].map((d) => join(root, d) + sep);
  return (file) =>
    extraFiles.includes(file) ||
    dirs.some((dir) => file.startsWith(dir)) ||
    file.includes(`${sep}node_modules${sep}`);
}
