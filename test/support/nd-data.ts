// Random data for a normalized N-D spec, from the spec alone: float inputs in [−1, 1]; int32 inputs
// and targets hold indices below the smallest bound among their readers (an embedding's inputDim, a
// sparse cross-entropy's class count, through int32 movement nodes); float targets suit the loss
// that reads them (one-hot along the last axis at every position for softmax, [0, 1] for sigmoid).
import { rng } from "./finite-diff.ts";
import { lossTerms, type OracleSpec, type OracleValue } from "./tfjs-oracle/spec.ts"; // the contract only: no TensorFlow.js to load

const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);

/** The exclusive upper bound of the indices an int32 value may hold. */
export function indexBound(spec: OracleSpec, name: string): number {
  let bound = Infinity;
  for (const node of spec.nodes) {
    const reads = ("inputs" in node ? node.inputs : "input" in node ? [node.input] : []).includes(name);
    if (!reads) continue;
    if (node.kind === "embedding") bound = Math.min(bound, node.inputDim);
    else if (node.dtype === "int32") bound = Math.min(bound, indexBound(spec, node.name));
  }
  const shapeOf = (n: string) => [...spec.inputs, ...spec.targets, ...spec.nodes].find((v) => v.name === n)?.shape ?? [];
  for (const t of lossTerms(spec)) {
    if (t.type === "sparseSoftmaxCrossEntropy" && t.target === name) bound = Math.min(bound, shapeOf(t.output).at(-1)!);
  }
  if (!Number.isFinite(bound)) throw new Error(`nd-data: no reader of the int32 value "${name}" bounds its indices`);
  return bound;
}

export interface NdBatch {
  inputs: (Float32Array | Float64Array | Int32Array)[];
  targets: (Float32Array | Float64Array | Int32Array)[];
  /** inputs then targets, as the generated model's loss() takes them (before the batch size). */
  args: (Float32Array | Float64Array | Int32Array)[];
}

export function randomNdBatch(spec: OracleSpec, batch: number, seed: number, dtype: "f32" | "f64" = "f32"): NdBatch {
  const next = rng(seed);
  const Float = dtype === "f64" ? Float64Array : Float32Array;
  const terms = lossTerms(spec);
  const fill = (v: OracleValue, isTarget: boolean) => {
    const length = batch * size(v.shape);
    if (v.dtype === "int32") {
      const bound = indexBound(spec, v.name);
      const a = new Int32Array(length);
      for (let i = 0; i < length; i++) a[i] = Math.floor(next() * bound);
      return a;
    }
    const a = new Float(length);
    const kind = isTarget ? terms.find((t) => t.target === v.name)?.type : undefined;
    const last = v.shape.at(-1) ?? 1;
    if (kind === "softmaxCrossEntropy") for (let p = 0; p < length / last; p++) a[p * last + Math.floor(next() * last)] = 1;
    else for (let i = 0; i < length; i++) a[i] = kind === "sigmoidCrossEntropy" ? next() : 2 * next() - 1;
    return a;
  };
  const inputs = spec.inputs.map((v) => fill(v, false));
  const targets = spec.targets.map((v) => fill(v, true));
  return { inputs, targets, args: [...inputs, ...targets] };
}

/** Adds uniform(−amount, amount) to every parameter (seeded), so γ ≠ 1, β ≠ 0 and biases ≠ 0 are exercised. */
export function perturb(params: Float32Array | Float64Array, amount: number, seed: number): void {
  const next = rng(seed);
  for (let i = 0; i < params.length; i++) params[i] = Math.fround(params[i]! + amount * (2 * next() - 1));
}
