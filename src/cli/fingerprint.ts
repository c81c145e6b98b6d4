// The identity of the compiler that is running, for the build cache: the compiler version, the
// version of prettier (it shapes the output) and a hash of tapeless's own code, so a changed
// compiler never reuses a cached module, even at the same version number.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPILER_VERSION } from "../../compiler/version.ts";
import { packageRoot } from "./package-root.ts";

let cached: string | undefined;

export function compilerFingerprint(): string {
  if (cached !== undefined) return cached;
  const root = packageRoot();
  const here = fileURLToPath(import.meta.url);
  // From the built bundle: dist/ is the code. From source (tests, tsx): src/ and compiler/.
  const dist = join(root, "dist");
  const files = here.startsWith(dist + sep)
    ? reachable(
        readdirSync(dist)
          .filter((f) => f.endsWith(".js"))
          .map((f) => join(dist, f)),
      )
    : [...codeFiles(join(root, "src")), ...codeFiles(join(root, "compiler"))];
  const hash = createHash("sha256");
  hash.update(`tapeless ${COMPILER_VERSION}\nprettier ${prettierVersion()}\n`);
  for (const file of files) {
    hash.update(`${relative(root, file).split(sep).join("/")}\n`);
    hash.update(readFileSync(file));
  }
  cached = `${COMPILER_VERSION}+${hash.digest("hex").slice(0, 16)}`;
  return cached;
}

const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+\.js)["']/g;

/** The bundle's entry files and every chunk they import, sorted (stale chunks of older builds are left out). */
function reachable(entries: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(RELATIVE_IMPORT))
      stack.push(join(dirname(file), m[1]!));
  }
  return [...seen].sort();
}

function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...codeFiles(path));
    else if (/\.(?:[cm]?js|ts)$/.test(e.name)) out.push(path);
  }
  return out.sort();
}

function prettierVersion(): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve("prettier"));
    for (; dirname(dir) !== dir; dir = dirname(dir)) {
      const file = join(dir, "package.json");
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "prettier") return pkg.version ?? "?";
    }
  } catch {
    // not resolvable: the hash of our own code still identifies the compiler
  }
  return "?";
}
