// Loads a spec file as plain data: JSON is parsed with positions in errors; a TS/JS module is
// bundled with esbuild, imported from a temporary file, and its default export (or the result of
// calling it) is the spec. Failures in the user's file become FileErrors naming that file.
import { rm, stat, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FileError } from "../../compiler/errors.ts";
import { parseSpecJson } from "../spec/json.ts";
import { bundleSpec } from "./bundle-spec.ts";
import { DEFAULT_LOAD_TIMEOUT, StalledLoad } from "./load-timeout.ts";
import { readTextFile, withFileErrors } from "./fs-errors.ts";
import { packageRoot } from "./package-root.ts";
import { SnapshotError, snapshotSpec } from "./spec-snapshot.ts";
import { notUserCode, userFrame } from "./user-stack.ts";
import { formatPath } from "../spec/issues.ts";

export const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];
export const SPEC_EXTENSIONS = [".json", ...MODULE_EXTENSIONS];

export interface LoadOptions {
  /** Seconds a .ts/.js spec may take to load (default DEFAULT_LOAD_TIMEOUT). */
  loadTimeout?: number;
}

export async function loadSpecFile(file: string, options: LoadOptions = {}): Promise<unknown> {
  return (await loadSpecWithInputs(file, options)).spec;
}

export interface LoadedSpec {
  spec: unknown;
  /** Absolute paths of the files the spec was read from: the spec file first, then its imports. */
  inputs: string[];
  /** The JSON text of a .json spec (for error positions). */
  text?: string;
}

/** The spec and the files it came from (its own file, and every local file a module imports). */
export async function loadSpecWithInputs(
  file: string,
  options: LoadOptions = {},
): Promise<LoadedSpec> {
  const ext = extname(file).toLowerCase();
  if (ext === ".json") {
    const text = await readTextFile(file);
    return { spec: parseSpecJson(text, file), inputs: [resolve(file)], text };
  }
  if (MODULE_EXTENSIONS.includes(ext))
    return loadSpecModule(file, options.loadTimeout ?? DEFAULT_LOAD_TIMEOUT);
  throw new FileError(
    `${file}: unsupported spec file type "${ext || "(none)"}" (supported: ${SPEC_EXTENSIONS.join(", ")})`,
  );
}

async function loadSpecModule(file: string, timeout: number): Promise<LoadedSpec> {
  const info = await withFileErrors("read", file, () => stat(file));
  if (info.isDirectory()) throw new FileError(`cannot read ${file}: is a directory`);
  const root = packageRoot();
  const temp = join(tmpdir(), `tapeless-spec-${process.pid}-${randomUUID()}.mjs`);
  try {
    const { code, inputs } = await bundleSpec(resolve(file), temp, root);
    await writeFile(temp, code, "utf8");
    process.setSourceMapsEnabled(true);
    const limit = { timeout, deadline: Date.now() + timeout * 1000 };
    return {
      spec: await evaluate(file, pathToFileURL(temp).href, notUserCode(root, temp), limit),
      inputs,
    };
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Imports the bundle and resolves its default export, then copies it to plain data; user
 * exceptions (including getters read by the copy) become FileErrors, and so does a load that
 * never settles or outlasts the deadline.
 */
async function evaluate(
  file: string,
  url: string,
  isOurs: (path: string) => boolean,
  limit: Limit,
): Promise<unknown> {
  let exports: Record<string, unknown>;
  try {
    exports = (await settleBy(
      import(/* @vite-ignore */ url),
      limit,
      file,
      "its top-level await",
    )) as Record<string, unknown>;
  } catch (e) {
    throw userError(file, e, isOurs);
  }
  if (!("default" in exports) || exports.default === undefined) {
    throw new FileError(
      `${file}: no default export (export the spec, or a function returning it, as default)`,
    );
  }
  const value = exports.default;
  let spec: unknown;
  try {
    const what =
      typeof value === "function"
        ? "the promise its default export returns"
        : "its default export (a promise)";
    spec = await settleBy(
      Promise.resolve(typeof value === "function" ? (value as () => unknown)() : value),
      limit,
      file,
      what,
    );
  } catch (e) {
    throw userError(file, e, isOurs);
  }
  try {
    return snapshotSpec(spec);
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    const field = e.path.length === 0 ? "the spec" : `the spec's field ${formatPath(e.path)}`;
    throw userError(file, e.error, isOurs, `reading ${field} threw: `);
  }
}

/**
 * `promise`, or a FileError if it is still pending at `deadline`, or as soon as nothing is left
 * that could settle it (the event loop is empty: Node would otherwise exit 13 without a word).
 */
async function settleBy<T>(
  promise: Promise<T>,
  limit: Limit,
  file: string,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onEmptyLoop: (() => void) | undefined;
  const stalled = new Promise<never>((_, reject) => {
    // setTimeout waits at most 2³¹−1 ms; unref'd, so only the spec's own work keeps the process up
    timer = setTimeout(
      () =>
        reject(
          new StalledLoad(
            `${file}: ${what} did not settle within ${limit.timeout} s (the --load-timeout option sets the limit)`,
          ),
        ),
      Math.max(0, Math.min(limit.deadline - Date.now(), 2 ** 31 - 1)),
    ).unref();
    onEmptyLoop = () =>
      reject(
        new StalledLoad(
          `${file}: ${what} never settles (a promise nothing can resolve: the spec is waiting on nothing)`,
        ),
      );
    process.once("beforeExit", onEmptyLoop);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearTimeout(timer);
    process.off("beforeExit", onEmptyLoop!);
  }
}

/** The load timeout in seconds and the time it ends (ms since the epoch). */
interface Limit {
  timeout: number;
  deadline: number;
}

function userError(
  file: string,
  e: unknown,
  isOurs: (file: string) => boolean,
  prefix = "",
): FileError {
  if (e instanceof StalledLoad) return e;
  const message = e instanceof Error ? e.message : String(e);
  const at = userFrame(e, isOurs);
  return new FileError(`${file}: ${prefix}${message}${at ? ` (thrown at ${at})` : ""}`);
}
