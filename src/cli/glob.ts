// Expands spec arguments: a plain path is kept as given (a missing file is reported when it is
// read); a glob (* ? ** [...] {a,b}) is matched against the file tree, sorted, so the result
// is the same on every machine and shell (quote globs in npm scripts for Windows' cmd.exe).
import { readdirSync } from "node:fs";
import { join, posix } from "node:path";
import { FileError } from "../../compiler/errors.ts";

const MAGIC = /[*?[{]/;

export function isGlob(pattern: string): boolean {
  return MAGIC.test(pattern);
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
  const normalized = pattern.replace(/\\/g, "/");
  const segments = normalized.split("/");
  const firstMagic = segments.findIndex((s) => isGlob(s));
  const base = segments.slice(0, firstMagic).join("/");
  const regex = globToRegExp(segments.slice(firstMagic).join("/"));
  const results: string[] = [];
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(cwd, dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(dir, path);
      else if (regex.test(path)) results.push(base ? posix.join(base, path) : path);
    }
  };
  walk(base, "");
  return results.sort();
}

/** A glob (without a leading literal folder) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:[^/]*/)*" : ".*";
      i += slash ? 2 : 1;
    } else if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = end;
      }
    } else if (ch === "{") {
      depth++;
      re += "(?:";
    } else if (ch === "}" && depth > 0) {
      depth--;
      re += ")";
    } else if (ch === "," && depth > 0) re += "|";
    else re += ch.replace(/[.+^$()|\\\]}]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
