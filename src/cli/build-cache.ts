// The build cache: one entry per (spec file, output folder), holding the key it was built with
// and the generated code. The key hashes everything the output depends on: the compiler
// (version + code fingerprint), the overrides, the header's source path, the content of the spec
// file and every local file it imports, and the spec value itself (a module may read other files
// at run time). A hit is used only if the stored code still hashes to the stored digest.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import type { CompileResult, OutputFile } from "../index.ts";
import { writeFileAtomic } from "./write-atomic.ts";

export interface CacheEntry {
  key: string;
  name: string;
  /** The files written for this spec (one for ts, two for js and cjs). */
  files: OutputFile[];
  /** Digest of `files`, checked on every hit. */
  sha256: string;
  stats: CompileResult["stats"];
  diagnostics: string[];
}

export interface KeyParts {
  fingerprint: string;
  overrides: { dtype?: string; target?: string; maxBatch?: number; emit?: string };
  source: string;
  /** Absolute paths of the spec file and its imports. */
  inputs: string[];
  spec: unknown;
}

export const sha256 = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");

/** `node_modules/.cache/tapeless` when cwd has node_modules (the usual place), else `.tapeless-cache`. */
export function defaultCacheDir(cwd = process.cwd()): string {
  return existsSync(join(cwd, "node_modules"))
    ? join(cwd, "node_modules", ".cache", "tapeless")
    : join(cwd, ".tapeless-cache");
}

/** A path relative to cwd with forward slashes: keys and entry names do not depend on where the project lives. */
function portable(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).join("/");
}

export async function cacheKey(parts: KeyParts): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`fingerprint ${parts.fingerprint}\n`);
  const { dtype, target, maxBatch, emit } = parts.overrides;
  hash.update(`dtype ${dtype ?? "-"} target ${target ?? "-"} maxBatch ${maxBatch ?? "-"} emit ${emit ?? "ts"}\n`);
  hash.update(`source ${JSON.stringify(parts.source)}\n`);
  for (const file of parts.inputs) {
    const content = await readFile(file).catch(() => undefined);
    hash.update(
      `file ${JSON.stringify(portable(file))} ${content ? sha256(content) : "missing"}\n`,
    );
  }
  hash.update(`spec ${JSON.stringify(parts.spec) ?? "undefined"}\n`);
  return hash.digest("hex");
}

/** One digest over every file's name and code (a missing or altered field changes it). */
function filesDigest(files: readonly OutputFile[]): string {
  return sha256(JSON.stringify(files.map((f) => [f.fileName, f.code])));
}

export class BuildCache {
  constructor(readonly dir: string) {}

  private entryFile(spec: string, out: string): string {
    return join(this.dir, `${sha256(`${portable(spec)}\0${portable(out)}`).slice(0, 24)}.json`);
  }

  /** The entry for `spec` built into `out` with `key`, if present and intact. */
  async get(spec: string, out: string, key: string): Promise<CacheEntry | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.entryFile(spec, out), "utf8")) as CacheEntry;
      if (entry.key !== key || !Array.isArray(entry.files) || filesDigest(entry.files) !== entry.sha256)
        return undefined;
      return entry;
    } catch {
      return undefined;
    }
  }

  /** Stores an entry; a cache that cannot be written is only slower, never an error. */
  async put(spec: string, out: string, entry: Omit<CacheEntry, "sha256">): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      // Like .pytest_cache: the folder ignores itself, so it is never committed by accident.
      await writeFile(join(this.dir, ".gitignore"), "# created by tapeless\n*\n", {
        flag: "wx",
      }).catch(() => {});
      const full: CacheEntry = { ...entry, sha256: filesDigest(entry.files) };
      await writeFileAtomic(this.entryFile(spec, out), `${JSON.stringify(full)}\n`);
    } catch {
      // read-only or full disk: skip caching
    }
  }
}
