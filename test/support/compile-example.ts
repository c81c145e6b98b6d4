// Compiles a spec and loads the generated module in this process, with random data to feed it.
import { compile, validateSpec, type CompileOptions } from "../../src/index.ts";
import { loadModule, type LoadedModule } from "./load-module.ts";
import { TEST_TARGET } from "./target.ts";
import { rng } from "./finite-diff.ts";
import { randomNdBatch } from "./nd-data.ts";
import type { OracleSpec } from "./tfjs-oracle/spec.ts";

/** Compiled for the suite's target (target.ts) unless `options.target` says otherwise. */
export async function compileAndLoad(spec: unknown, options: CompileOptions = {}) {
  const result = await compile(spec, { target: TEST_TARGET, ...options });
  return { result, module: await loadModule(result.code) };
}

/** Random inputs in [−1, 1] and targets suited to the loss (one-hot rows for softmax). */
export function randomBatch(module: LoadedModule, batch: number, seed: number, lossType: string) {
  const next = rng(seed);
  const Typed = module.layout.dtype === "f64" ? Float64Array : Float32Array;
  const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);
  const random = (length: number) => {
    const a = new Typed(length);
    for (let i = 0; i < length; i++) a[i] = 2 * next() - 1;
    return a;
  };
  // int32 values (indices) are 0 or 1: in range for any table or class count of two or more
  const indices = (length: number) => Int32Array.from({ length }, () => (next() < 0.5 ? 0 : 1));
  const inputs = module.layout.inputs.map((v) => ((v as { dtype?: string }).dtype === "int32" ? indices(batch * size(v.shape)) : random(batch * size(v.shape))));
  const targets = module.layout.targets.map((v) => {
    if ((v as { dtype?: string }).dtype === "int32") return indices(batch * size(v.shape));
    const cols = size(v.shape);
    const t = new Typed(batch * cols);
    for (let r = 0; r < batch; r++) {
      if (lossType === "softmaxCrossEntropy") t[r * cols + Math.floor(next() * cols)] = 1;
      else for (let j = 0; j < cols; j++) t[r * cols + j] = lossType === "sigmoidCrossEntropy" ? next() : 2 * next() - 1;
    }
    return t;
  });
  return { inputs, targets, args: [...inputs, ...targets] };
}

/**
 * Random data for any spec compiled into `module`: randomBatch when every input and target is float
 * (today's examples keep their data), randomNdBatch when one is int32 (indices in range, bounded by
 * their readers in the spec: an embedding's inputDim, a sparse cross-entropy's class count).
 */
export function specBatch(spec: unknown, module: LoadedModule, batch: number, seed: number) {
  const dtype = module.layout.dtype;
  const normalized = validateSpec(spec, { dtype }) as unknown as OracleSpec & { loss: readonly { type: string }[] };
  const indexed = [...module.layout.inputs, ...module.layout.targets].some((v) => v.dtype === "int32");
  return indexed ? randomNdBatch(normalized, batch, seed, dtype) : randomBatch(module, batch, seed, normalized.loss[0]!.type);
}
