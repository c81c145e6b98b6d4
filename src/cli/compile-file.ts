// Loads one spec file and compiles it, passing the path relative to cwd (forward slashes) as the
// source named in the generated header. Spec errors are prefixed with the file they come from.
import { resolve } from "node:path";
import { FileError, isUserError } from "../../compiler/errors.ts";
import { compile, type CompileResult } from "../index.ts";
import type { DType } from "../spec/types.ts";
import { loadSpecFile } from "./load-spec.ts";
import { displayPath } from "./user-stack.ts";

export interface CompileOverrides {
  dtype?: DType;
  maxBatch?: number;
}

export async function compileFile(
  file: string,
  overrides: CompileOverrides = {},
): Promise<CompileResult> {
  const spec = await loadSpecFile(file);
  try {
    return await compile(spec, { ...overrides, source: displayPath(resolve(file)) });
  } catch (e) {
    if (!isUserError(e)) throw e;
    throw new FileError(`${file}: ${e.message}`, { cause: e });
  }
}
