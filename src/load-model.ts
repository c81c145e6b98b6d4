// loadModel(): compiles a spec and instantiates its Model in this process, for scripts, notebooks
// and tests. The generated TypeScript is stripped by esbuild and imported from a data: URL, so no
// file is written (generated modules import nothing, so they need no location).
import type { CompileOptions, CompileResult, Layout } from "./index.ts";
import { MAX_SEED } from "./spec/schema.ts";

type Floats = Float32Array | Float64Array;
/** An input's array: the model's floats, or an Int32Array for an int32 input (layout dtype "int32"). */
type InputArray = Floats | Int32Array;

/** What every generated `Model` offers (the exact, per-model types are in the generated file). */
export interface ModelInstance {
  readonly params: Floats;
  readonly grads: Floats;
  lr: number;
  stepCount: number;
  /** Steps skipped because a gradient was not finite (optimizer option skipNonFinite, default true). */
  skippedSteps: number;
  readonly output: Floats;
  /**
   * `forward(...inputs, batch?)`: inputs in layout order, row-major [batch, ...shape]; an input
   * whose layout entry has `dtype: "int32"` is an Int32Array (indices, range-checked).
   */
  forward(...args: (InputArray | number)[]): Floats;
  /** `predict(...inputs, rows, out?)`: the output for any number of rows, in chunks of maxBatch. */
  predict(...args: (InputArray | number | undefined)[]): Floats;
  /** `loss(...inputs, ...targets, batch?)`: the mean loss; keeps what backward() needs. */
  loss(...args: (InputArray | number)[]): number;
  backward(): void;
  step(): void;
  trainStep(...args: (InputArray | number)[]): number;
  save(options?: { optimizerState?: boolean }): Uint8Array;
  load(bytes: Uint8Array, options?: { optimizerState?: boolean }): void;
  toJSON(): Record<string, { shape: number[]; data: number[] }>;
  loadWeights(
    weights: Record<
      string,
      ArrayLike<number> | { shape?: readonly number[]; data: ArrayLike<number> }
    >,
  ): void;
}

/** A generated module's exports. */
export interface CompiledModelModule {
  readonly layout: Layout;
  readonly Model: new (options?: { seed?: number }) => ModelInstance;
}

export interface LoadModelOptions extends CompileOptions {
  /** Weight initialization seed, overriding the spec's. */
  seed?: number;
}

/**
 * Compiles `spec` (spec data, or the path of a spec file: .json, .ts, .mts, .js, .mjs) and
 * returns a new instance of its Model. Throws SpecError / FileError for a bad spec.
 */
export async function loadModel(
  spec: unknown,
  options: LoadModelOptions = {},
): Promise<ModelInstance> {
  checkSeed(options.seed);
  const { module } = await loadCompiledModule(spec, options);
  return new module.Model(options.seed === undefined ? {} : { seed: options.seed });
}

/** Seeds are 32-bit unsigned integers (as in a spec); anything else would wrap to another seed. */
function checkSeed(seed: unknown): void {
  if (
    seed === undefined ||
    (typeof seed === "number" && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)
  )
    return;
  const got = typeof seed === "number" ? String(seed) : `a ${typeof seed}`;
  throw new RangeError(`loadModel: seed must be an integer in 0..${MAX_SEED}, got ${got}`);
}

/** The compiled module itself (`layout` and the `Model` class) and the compile result. */
export async function loadCompiledModule(
  spec: unknown,
  options: CompileOptions = {},
): Promise<{ module: CompiledModelModule; result: CompileResult }> {
  const { compile } = await import("./index.ts");
  let data = spec;
  let source = options.source;
  if (typeof spec === "string") {
    const { loadSpecFile } = await import("./cli/load-spec.ts");
    const { displayPath } = await import("./cli/user-stack.ts");
    const { resolve } = await import("node:path");
    data = await loadSpecFile(spec);
    source ??= displayPath(resolve(spec));
  }
  const result = await compile(data, { dtype: options.dtype, maxBatch: options.maxBatch, source });
  return { module: await importGenerated(result.code, result.fileName), result };
}

/**
 * Imports generated TypeScript without touching the file system. Stack traces name it
 * `tapeless:generated/<fileName>` rather than by its (long) data: URL.
 */
export async function importGenerated(
  code: string,
  fileName = "model.ts",
): Promise<CompiledModelModule> {
  const { transform } = await import("esbuild");
  const js = await transform(code, { loader: "ts", format: "esm", target: "es2022" });
  const label = fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  const source = `${js.code}\n//# sourceURL=tapeless:generated/${label}\n`;
  const url = `data:text/javascript;base64,${Buffer.from(source).toString("base64")}`;
  return (await import(/* @vite-ignore */ url)) as CompiledModelModule;
}
