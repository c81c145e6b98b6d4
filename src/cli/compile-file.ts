// Loads one spec file and compiles it, passing the path relative to cwd (forward slashes) as the
// source named in the generated header. Spec errors are prefixed with the file they come from.
import { relative, resolve, sep } from "node:path";
import { FileError, isUserError } from "../../compiler/errors.ts";
import type { CompileResult } from "../index.ts";
import type { DType } from "../spec/types.ts";
import { loadSpecWithInputs } from "./load-spec.ts";

export interface CompileOverrides {
  dtype?: DType;
  maxBatch?: number;
}

/** The spec path named in the header: relative to cwd, forward slashes, never absolute. */
export function sourcePath(file: string, cwd = process.cwd()): string {
  return relative(cwd, resolve(cwd, file)).split(sep).join("/");
}

export async function compileFile(
  file: string,
  overrides: CompileOverrides = {},
): Promise<CompileResult> {
  const { spec } = await loadSpecWithInputs(file);
  return compileLoaded(file, spec, overrides);
}

/** Compiles spec data loaded from `file`; user errors name the file. */
export async function compileLoaded(
  file: string,
  spec: unknown,
  overrides: CompileOverrides = {},
): Promise<CompileResult> {
  // Loaded on first use: a failing or cached spec never loads the compiler (prettier, ts-morph).
  const { compile } = await import("../index.ts");
  try {
    return await compile(spec, {
      dtype: overrides.dtype,
      maxBatch: overrides.maxBatch,
      source: sourcePath(file),
    });
  } catch (e) {
    if (!isUserError(e)) throw e;
    throw new FileError(`${file}: ${e.message}`, { cause: e });
  }
}
