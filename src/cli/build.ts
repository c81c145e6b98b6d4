// `tapeless build <specs or globs...> --out <dir>`: compiles every spec first, then writes each
// module (with --emit js|cjs, the JavaScript and its declarations) atomically. All or nothing: if
// any spec fails (or two share a name), no file is written.
// --check writes nothing and reports stale or missing files (exit 1); --watch hands over to
// watch.ts; a content-hash cache (build-cache.ts) skips compiling specs that did not change.
import { mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TapelessError } from "../../compiler/errors.ts";
import type { CompileResult, EmitKind, OutputFile } from "../index.ts";
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
  /** With --watch: keep `<out>/<name>.inspect.html` (the inspector page) up to date too. */
  inspect?: boolean;
  /** false with --no-cache. */
  cache?: boolean;
  /** What to write per spec: ts (default), js (+ .d.ts) or cjs (+ .d.cts). */
  emit?: EmitKind;
}

/** One compiled spec, from the compiler or from the cache. */
export interface Built {
  spec: string;
  name: string;
  /** The runnable module's file name (files[0]). */
  fileName: string;
  /** Every file to write: the module, then its declarations for js / cjs. */
  files: OutputFile[];
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
  if (options.inspect && !options.watch) throw new TapelessError("--inspect needs --watch");
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
  const overrides = {
    dtype: options.dtype,
    target: options.target,
    maxBatch: options.maxBatch,
    emit: options.emit,
  };
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
    const { name, files, stats, diagnostics } = hit;
    return {
      spec,
      name,
      fileName: files[0]!.fileName,
      files,
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
    fileName: result.files[0]!.fileName,
    files: result.files,
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
    files: b.files,
    stats: b.stats,
    diagnostics: b.diagnostics,
  };
}

export async function readIfExists(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

/**
 * Writes each of `b.files` into `out` unless it already holds exactly that code (keeps its mtime
 * for watchers); returns the runnable module's path.
 */
export async function writeOutput(b: Built, out: string): Promise<string> {
  for (const f of b.files) {
    const outFile = join(out, f.fileName);
    if ((await readIfExists(outFile)) !== f.code) {
      await withFileErrors("write", outFile, () => writeFileAtomic(outFile, f.code));
    }
  }
  return join(out, b.fileName);
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
    for (const f of b.files) {
      const outFile = join(options.out, f.fileName);
      const current = await readIfExists(outFile);
      if (current === f.code) continue;
      const what = current === undefined ? "missing" : "stale  ";
      problems.push(`  ${what} ${printable(displayPath(resolve(outFile)))}  (from ${printable(b.spec)})`);
    }
  }
  if (problems.length === 0) {
    const count = built.reduce((n, b) => n + b.files.length, 0);
    ui.info(
      `${ui.c.green("✓")} ${count} generated ${count === 1 ? "file is" : "files are"} up to date in ${printable(options.out)}`,
    );
    return 0;
  }
  const command = [
    "tapeless build",
    ...args.map(shellQuote),
    "--out",
    shellQuote(options.out),
    ...(options.emit && options.emit !== "ts" ? ["--emit", options.emit] : []),
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
  for (const d of b.diagnostics) ui.error(`${ui.ce.yellow("warning")} ${printable(b.spec)}: ${printableText(d)}`);
}
