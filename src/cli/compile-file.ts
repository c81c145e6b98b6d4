// Loads one spec file and compiles it, passing the path relative to cwd (forward slashes) as the
// source named in the generated header. Spec errors are prefixed with the file they come from.
import { relative, resolve, sep } from "node:path";
import {
  FileError,
  isUserError,
  SpecError,
  type SpecErrorLine,
  type TapelessError,
} from "../../compiler/errors.ts";
import type { CompileResult, EmitKind } from "../index.ts";
import type { DType, Target } from "../spec/types.ts";
import { locatePath, type TextLocation } from "../spec/json.ts";
import { type LoadOptions, loadSpecWithInputs } from "./load-spec.ts";

export interface CompileOverrides {
  dtype?: DType;
  target?: Target;
  maxBatch?: number;
  emit?: EmitKind;
}

/** The spec path named in the header: relative to cwd, forward slashes, never absolute. */
export function sourcePath(file: string, cwd = process.cwd()): string {
  return relative(cwd, resolve(cwd, file)).split(sep).join("/");
}

export async function compileFile(
  file: string,
  overrides: CompileOverrides & LoadOptions = {},
): Promise<CompileResult> {
  const { spec, text } = await loadSpecWithInputs(file, overrides);
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
  // Loaded on first use: a failing or cached spec never loads the compiler (ts-morph; prettier is
  // loaded only when the emitter cannot vouch for its layout).
  const { compile } = await import("../index.ts");
  return withSpecLocation(file, overrides, text, () =>
    compile(spec, {
      dtype: overrides.dtype,
      maxBatch: overrides.maxBatch,
      target: overrides.target,
      source: sourcePath(file),
      emit: overrides.emit,
    }),
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
    throw new FileError(locatedMessage(file, e, text, overrides), { cause: e });
  }
}

/**
 * The message of a user error in the spec `file`, every line prefixed with the file and, with
 * the JSON `text`, the line and column of that line's own field: `file:line:col: path: detail`.
 */
export function locatedMessage(
  file: string,
  e: TapelessError,
  text: string | undefined,
  overrides: CompileOverrides,
): string {
  const lines: readonly SpecErrorLine[] =
    e instanceof SpecError ? e.lines : e.message.split("\n").map((l) => ({ text: l, segments: [] }));
  return lines
    .map((line) => {
      const at = text === undefined ? undefined : fieldLocation(line.segments, text, overrides);
      return `${file}${at ? `:${at.line}:${at.column}` : ""}: ${line.text}`;
    })
    .join("\n");
}

/** Where in the JSON a field stands; none for a value given on the command line. */
function fieldLocation(
  segments: readonly (string | number)[],
  text: string,
  overrides: CompileOverrides,
): TextLocation | undefined {
  if (segments.length === 0) return undefined;
  const [top] = segments;
  if (
    (top === "dtype" && overrides.dtype) ||
    (top === "target" && overrides.target) ||
    (top === "maxBatch" && overrides.maxBatch)
  )
    return undefined;
  return locatePath(text, segments);
}
