// `tapeless build <specs or globs...> --out <dir>`: compiles every spec first, then writes each
// module atomically. All or nothing: if any spec fails (or two share a name), no file is written.
// --check writes nothing and reports stale or missing files (exit 1); --watch hands over to
// watch.ts; a content-hash cache (build-cache.ts) skips compiling specs that did not change.
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TapelessError } from "../../compiler/errors.ts";
import type { CompileResult } from "../index.ts";
import { BuildCache, cacheKey, defaultCacheDir } from "./build-cache.ts";
import { compileLoaded, sourcePath, type CompileOverrides } from "./compile-file.ts";
import { compilerFingerprint } from "./fingerprint.ts";
import { withFileErrors } from "./fs-errors.ts";
import { expandSpecArgs } from "./glob.ts";
import { type LoadOptions, loadSpecWithInputs } from "./load-spec.ts";
import { printable, printableText, type Ui } from "./ui.ts";
import { displayPath } from "./user-stack.ts";
import { writeFileAtomic } from "./write-atomic.ts";

export interface BuildOptions extends CompileOverrides, LoadOptions {
  out: string;
  check?: boolean;
  watch?: boolean;
  /** false with --no-cache. */
  cache?: boolean;
}

/** One compiled spec, from the compiler or from the cache. */
export interface Built {
  spec: string;
  name: string;
  fileName: string;
  code: string;
  stats: CompileResult["stats"];
  diagnostics: string[];
  /** The spec file and the local files it imports (absolute). */
  inputs: string[];
  ms: number;
  cached: boolean;
}

export const EXIT_STALE = 1;

export async function runBuild(args: string[], options: BuildOptions, ui: Ui): Promise<number> {
  if (options.watch && options.check)
    throw new TapelessError("--watch and --check cannot be used together");
  if (options.watch) {
    const { runWatch } = await import("./watch.ts");
    return runWatch(args, options, ui);
  }
  const specs = expandSpecArgs(args);
  const cache = options.cache === false ? undefined : new BuildCache(defaultCacheDir());
  const built: BuiltWithKey[] = [];
  for (const spec of specs) built.push(await buildSpec(spec, options, cache));
  checkUniqueNames(built);
  if (options.check) return reportStale(built, args, options, ui);

  await withFileErrors("create", options.out, () => mkdir(options.out, { recursive: true }));
  for (const b of built) await deliver(b, options.out, ui, cache);
  return 0;
}

export interface BuiltWithKey extends Built {
  key?: string;
}

/** Writes one compiled spec, caches it when it was compiled afresh, and reports it. */
export async function deliver(
  b: BuiltWithKey,
  out: string,
  ui: Ui,
  cache?: BuildCache,
): Promise<void> {
  const outFile = await writeOutput(b, out);
  if (!b.cached && b.key) await cache?.put(b.spec, out, { ...entryOf(b), key: b.key });
  ui.info(summaryLine(b, displayPath(resolve(outFile)), ui));
  printDiagnostics(b, ui);
}

/** Loads and compiles one spec, or takes it from `cache` when its key is unchanged. */
export async function buildSpec(
  spec: string,
  options: BuildOptions,
  cache?: BuildCache,
): Promise<BuiltWithKey> {
  const start = performance.now();
  const loaded = await loadSpecWithInputs(spec, options);
  const overrides = { dtype: options.dtype, maxBatch: options.maxBatch };
  const key = cache
    ? await cacheKey({
        fingerprint: compilerFingerprint(),
        overrides,
        source: sourcePath(spec),
        inputs: loaded.inputs,
        spec: loaded.spec,
      }).catch(() => undefined) // a spec JSON cannot encode (say, nested too deep) is never cached
    : undefined;
  const hit = key === undefined ? undefined : await cache!.get(spec, options.out, key);
  if (hit) {
    const { name, fileName, code, stats, diagnostics } = hit;
    return {
      spec,
      name,
      fileName,
      code,
      stats,
      diagnostics,
      inputs: loaded.inputs,
      ms: performance.now() - start,
      cached: true,
      key,
    };
  }
  const result = await compileLoaded(spec, loaded.spec, overrides, loaded.text);
  return {
    spec,
    name: result.name,
    fileName: result.fileName,
    code: result.code,
    stats: result.stats,
    diagnostics: result.diagnostics,
    inputs: loaded.inputs,
    ms: performance.now() - start,
    cached: false,
    key,
  };
}

function entryOf(b: Built) {
  return {
    name: b.name,
    fileName: b.fileName,
    code: b.code,
    stats: b.stats,
    diagnostics: b.diagnostics,
  };
}

export async function readIfExists(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

/** Writes `<out>/<fileName>` unless it already holds exactly this code (keeps its mtime for watchers). */
export async function writeOutput(b: Built, out: string): Promise<string> {
  const outFile = join(out, b.fileName);
  if ((await readIfExists(outFile)) !== b.code) {
    await withFileErrors("write", outFile, () => writeFileAtomic(outFile, b.code));
  }
  return outFile;
}

/** --check: exit 1 listing every output that is missing or differs from what build would write. */
async function reportStale(
  built: Built[],
  args: string[],
  options: BuildOptions,
  ui: Ui,
): Promise<number> {
  const problems: string[] = [];
  for (const b of built) {
    const outFile = join(options.out, b.fileName);
    const current = await readIfExists(outFile);
    if (current === b.code) continue;
    const what = current === undefined ? "missing" : "stale  ";
    problems.push(
      `  ${what} ${printable(displayPath(resolve(outFile)))}  (from ${printable(b.spec)})`,
    );
  }
  if (problems.length === 0) {
    ui.info(
      `${ui.c.green("✓")} ${built.length} generated ${built.length === 1 ? "file is" : "files are"} up to date in ${printable(options.out)}`,
    );
    return 0;
  }
  const command = [
    "tapeless build",
    ...args.map(shellQuote),
    "--out",
    shellQuote(options.out),
  ].join(" ");
  ui.error(
    `✗ ${problems.length} generated ${problems.length === 1 ? "file is" : "files are"} out of date:`,
  );
  for (const line of problems) ui.error(line);
  ui.error(`run: ${printable(command)}`);
  return EXIT_STALE;
}

function shellQuote(arg: string): string {
  return /^[\w./@:=+-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, "\\$1")}"`;
}

/** Which spec writes which file. */
export type Output = Pick<Built, "spec" | "name" | "fileName">;

/** Two specs writing the same file (names equal up to case, for case-insensitive disks). */
export function checkUniqueNames(built: readonly Output[]): void {
  const seen = new Map<string, Output>();
  for (const b of built) {
    const key = b.fileName.toLowerCase();
    const first = seen.get(key);
    if (first) {
      throw new TapelessError(
        `${b.spec} and ${first.spec} both produce ${b.fileName} (model "${b.name}"); give each spec a unique name`,
      );
    }
    seen.set(key, b);
  }
}

export function summaryLine(b: Built, outFile: string, ui?: Ui): string {
  const c = ui?.c;
  const params = b.stats.paramCount.toLocaleString("en-US");
  const kib = (b.stats.arenaBytes / 1024).toFixed(1);
  const time = `${Math.round(b.ms)} ms${b.cached ? " (cached)" : ""}`;
  const check = c ? c.green("✓") : "✓";
  const name = c ? c.bold(printable(b.name)) : printable(b.name);
  return `${check} ${name}  ${params} params  arena ${kib} KiB  ${c ? c.dim(time) : time}  → ${printable(outFile)}`;
}

export function printDiagnostics(b: Built, ui: Ui): void {
  if (ui.quiet) return;
  for (const d of b.diagnostics)
    ui.error(`${ui.ce.yellow("warning")} ${printable(b.spec)}: ${printableText(d)}`);
}
