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
import { readTextFile, withFileErrors } from "./fs-errors.ts";
import { packageRoot } from "./package-root.ts";
import { notUserCode, userFrame } from "./user-stack.ts";

export const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];
export const SPEC_EXTENSIONS = [".json", ...MODULE_EXTENSIONS];

export async function loadSpecFile(file: string): Promise<unknown> {
  return (await loadSpecWithInputs(file)).spec;
}

export interface LoadedSpec {
  spec: unknown;
  /** Absolute paths of the files the spec was read from: the spec file first, then its imports. */
  inputs: string[];
  /** The JSON text of a .json spec (for error positions). */
  text?: string;
}

/** The spec and the files it came from (its own file, and every local file a module imports). */
export async function loadSpecWithInputs(file: string): Promise<LoadedSpec> {
  const ext = extname(file).toLowerCase();
  if (ext === ".json") {
    const text = await readTextFile(file);
    return { spec: parseSpecJson(text, file), inputs: [resolve(file)], text };
  }
  if (MODULE_EXTENSIONS.includes(ext)) return loadSpecModule(file);
  throw new FileError(
    `${file}: unsupported spec file type "${ext || "(none)"}" (supported: ${SPEC_EXTENSIONS.join(", ")})`,
  );
}

async function loadSpecModule(file: string): Promise<LoadedSpec> {
  const info = await withFileErrors("read", file, () => stat(file));
  if (info.isDirectory()) throw new FileError(`cannot read ${file}: is a directory`);
  const root = packageRoot();
  const temp = join(tmpdir(), `tapeless-spec-${process.pid}-${randomUUID()}.mjs`);
  try {
    const { code, inputs } = await bundleSpec(resolve(file), temp, root);
    await writeFile(temp, code, "utf8");
    process.setSourceMapsEnabled(true);
    return {
      spec: await evaluate(file, pathToFileURL(temp).href, notUserCode(root, temp)),
      inputs,
    };
  } finally {
    await rm(temp, { force: true });
  }
}

/** Imports the bundle and resolves its default export; user exceptions become FileErrors. */
async function evaluate(
  file: string,
  url: string,
  isOurs: (path: string) => boolean,
): Promise<unknown> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } catch (e) {
    throw userError(file, e, isOurs);
  }
  if (!("default" in exports) || exports.default === undefined) {
    throw new FileError(
      `${file}: no default export (export the spec, or a function returning it, as default)`,
    );
  }
  const value = exports.default;
  try {
    return await (typeof value === "function" ? (value as () => unknown)() : value);
  } catch (e) {
    throw userError(file, e, isOurs);
  }
}

function userError(file: string, e: unknown, isOurs: (file: string) => boolean): FileError {
  const message = e instanceof Error ? e.message : String(e);
  const at = userFrame(e, isOurs);
  return new FileError(`${file}: ${message}${at ? ` (thrown at ${at})` : ""}`);
}
