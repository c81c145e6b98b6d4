// What the esbuild and Vite plugins share: `import { Model } from "./model.net.ts?tapeless"`
// loads the spec (JSON or a module, through the CLI's loader), compiles it and yields the
// generated module plus the files it came from (to watch). Failures become one-line messages
// naming the spec file and the field; only compiler bugs keep their stack.
import { relative, sep } from "node:path";
import { isUserError } from "../../compiler/errors.ts";
import { compile } from "../index.ts";
import { locatedMessage } from "../cli/compile-file.ts";
import { loadSpecWithInputs } from "../cli/load-spec.ts";
import type { DType, Target } from "../spec/types.ts";

/** The import suffix that routes a spec through the plugin. */
export const SUFFIX = "?tapeless";

export interface TapelessPluginOptions {
  /** Overrides every spec's dtype. */
  dtype?: DType;
  /** Overrides every spec's maxBatch. */
  maxBatch?: number;
  /** Overrides every spec's target: "js" (TypeScript loops) or "wasm" (WebAssembly SIMD inside the module). */
  target?: Target;
  /**
   * What the plugin hands the bundler: "ts" (default; the bundler strips the types) or "js" (the
   * module `tapeless build --emit js` writes, for a pipeline without a TypeScript loader).
   */
  emit?: "ts" | "js";
}

export interface CompiledSpecModule {
  /** The generated module (imports nothing), in the language of `options.emit`. */
  code: string;
  emit: "ts" | "js";
  name: string;
  /** The spec file and every local file it imports (absolute paths). */
  inputs: string[];
  diagnostics: string[];
}

/** `path` relative to `root` with forward slashes (what generated headers and messages show). */
export function relativePath(root: string, path: string): string {
  return relative(root, path).split(sep).join("/");
}

export function stripSuffix(specifier: string): string | undefined {
  return specifier.endsWith(SUFFIX) ? specifier.slice(0, -SUFFIX.length) : undefined;
}

export async function compileSpecModule(
  file: string,
  root: string,
  options: TapelessPluginOptions = {},
): Promise<CompiledSpecModule> {
  const shown = relativePath(root, file);
  const { spec, inputs, text } = await loadSpecWithInputs(file).catch((e: unknown) => {
    throw withFile(e, shown, file);
  });
  try {
    const emit = options.emit ?? "ts";
    const result = await compile(spec, {
      dtype: options.dtype,
      maxBatch: options.maxBatch,
      target: options.target,
      source: shown,
      emit,
    });
    const code = result.files[0]!.code;
    return { code, emit, name: result.name, inputs, diagnostics: result.diagnostics };
  } catch (e) {
    throw withFile(e, shown, file, text, options);
  }
}

/** A user error from the plugin: the message names the spec (relative path) and the field. */
export class SpecModuleError extends Error {
  override name = "SpecModuleError";
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/**
 * User errors → SpecModuleError `<spec>:<line>:<col>: <field>: <problem>` (every line so
 * prefixed); anything else is rethrown.
 */
function withFile(
  e: unknown,
  shown: string,
  file: string,
  text?: string,
  options: TapelessPluginOptions = {},
): unknown {
  if (!isUserError(e)) return e;
  // Loader messages already name the file, as given (absolute here): show it relative instead.
  const message = e.message.startsWith(file)
    ? shown + e.message.slice(file.length)
    : locatedMessage(shown, e, text, options);
  const at = /^[^:]+:(\d+):(\d+): /.exec(message);
  return new SpecModuleError(
    message,
    file,
    at ? Number(at[1]) : undefined,
    at ? Number(at[2]) : undefined,
  );
}

export function internalErrorMessage(e: unknown): string {
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return `tapeless: internal compiler error, please report it at the tapeless issue tracker\n${detail}`;
}
