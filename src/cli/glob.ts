// Expands spec arguments: a plain path is kept as given (a missing file is reported when it is
// read); a glob (* ? ** [...] {a,b}) is matched with tinyglobby, sorted, so the result is the same
// on every machine and shell (quote globs in npm scripts for Windows' cmd.exe). node_modules and
// dot-folders are never searched.
import { globSync, isDynamicPattern } from "tinyglobby";
import { FileError } from "../../compiler/errors.ts";

export function isGlob(pattern: string): boolean {
  return isDynamicPattern(pattern.replace(/\\/g, "/"));
}

/** Every argument, globs expanded (sorted, deduplicated, in argument order). */
export function expandSpecArgs(args: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (!isGlob(arg)) {
      out.push(arg);
      continue;
    }
    const matches = matchGlob(arg, cwd);
    if (matches.length === 0) throw new FileError(`no files match ${arg}`);
    out.push(...matches);
  }
  return [...new Set(out)];
}

/** Files (not folders) under `cwd` matching `pattern` (forward or back slashes), sorted. */
export function matchGlob(pattern: string, cwd = process.cwd()): string[] {
  return globSync(pattern.replace(/\\/g, "/"), {
    cwd,
    onlyFiles: true,
    expandDirectories: false,
    ignore: ["**/node_modules/**"],
  }).sort();
}

/** The folder a glob searches from: its leading segments without wildcards ("." when none). */
export function globBase(pattern: string): string {
  const segments = pattern.replace(/\\/g, "/").split("/");
  const firstMagic = segments.findIndex((s) => isGlob(s));
  const literal = firstMagic < 0 ? segments.slice(0, -1) : segments.slice(0, firstMagic);
  return literal.join("/") || ".";
}
