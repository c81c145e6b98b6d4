// Loads one spec file and compiles it, passing the path relative to cwd (forward slashes) as the
// source named in the generated header. Spec errors are prefixed with the file they come from.
import { relative, resolve, sep } from "node:path";
import { FileError, isUserError, SpecError } from "../../compiler/errors.ts";
import type { CompileResult } from "../index.ts";
import type { DType } from "../spec/types.ts";
import { locatePath, type TextLocation } from "../spec/json.ts";
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
  const { spec, text } = await loadSpecWithInputs(file);
  return compileLoaded(file, spec, overrides, text);
}

/**
 * Compiles spec data loaded from `file`; user errors name the file, and with the JSON `text` of
 * the spec, the line and column of the field at fault (`file:line:col: path: detail`).
 */
export async function compileLoaded(
  file: string,
  spec: unknown,
  overrides: CompileOverrides = {},
  text?: string,
): Promise<CompileResult> {
  // Loaded on first use: a failing or cached spec never loads the compiler (prettier, ts-morph).
  const { compile } = await import("../index.ts");
  return withSpecLocation(file, overrides, text, () =>
    compile(spec, { dtype: overrides.dtype, maxBatch: overrides.maxBatch, source: sourcePath(file) }),
  );
}

/** Runs `work`; a user error it throws is rethrown naming `file` (and the field's line and column). */
export async function withSpecLocation<T>(
  file: string,
  overrides: CompileOverrides,
  text: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isUserError(e)) throw e;
    const at = text === undefined ? undefined : fieldLocation(e, text, overrides);
    throw new FileError(`${file}${at ? `:${at.line}:${at.column}` : ""}: ${e.message}`, {
      cause: e,
    });
  }
}

/** Where in the JSON the field of a SpecError stands; none for a value given on the command line. */
export function fieldLocation(
  e: unknown,
  text: string,
  overrides: CompileOverrides,
): TextLocation | undefined {
  if (!(e instanceof SpecError) || e.segments.length === 0) return undefined;
  const [top] = e.segments;
  if ((top === "dtype" && overrides.dtype) || (top === "maxBatch" && overrides.maxBatch))
    return undefined;
  return locatePath(text, e.segments);
}
