// Runs a generated model and the TensorFlow.js oracle on the same parameters and data, and says
// how far apart loss, output and gradients are, next to the float32 tolerance for that network.
import type { LoadedModel, LoadedModule } from "./load-module.ts";
import { compareArrays, compareGrads, f32Tolerance, relative, type Difference } from "./compare.ts";
import { inputsOf, lossTerms, tfOracle, type OracleResult, type OracleSpec } from "./tfjs-oracle.ts";

const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);

export interface ModelRun {
  loss: number;
  output: Float64Array;
  grads: Float64Array;
}

/** loss → output → backward, copied out of the model's buffers. */
export function runModel(module: LoadedModule, model: LoadedModel, args: readonly unknown[], batch: number): ModelRun {
  const loss = model.loss(...args, batch);
  const outSize = batch * size(module.layout.outputs[0].shape);
  const output = Float64Array.from((model as unknown as { output: ArrayLike<number> }).output).subarray(0, outSize);
  model.backward();
  return { loss, output, grads: Float64Array.from(model.grads) };
}

/**
 * Depth (contractions on the longest path to the output or a loss term, plus one) and the longest
 * reduction, for f32Tolerance. A dense layer or a matmul is one product; an attention is four chained ones (projection, scores,
 * weighted values, output) and a layer normalization one reduction. The reduction length is the
 * largest of the batch, every value's size, and batch × positions for a layer whose parameters are
 * shared across positions (their gradient sums over both).
 */
export function networkDims(spec: OracleSpec, batch: number): { depth: number; reduction: number } {
  const depthOf = new Map<string, number>(spec.inputs.map((i) => [i.name, 0]));
  const DEPTH: Partial<Record<OracleSpec["nodes"][number]["kind"], number>> = { dense: 1, conv2d: 1, conv1d: 1, depthwiseConv2d: 1, matmul: 1, multiHeadAttention: 4, layerNormalization: 1 };
  const shapeOf = new Map<string, readonly number[]>(spec.inputs.map((i) => [i.name, i.shape]));
  let reduction = batch;
  for (const i of spec.inputs) reduction = Math.max(reduction, size(i.shape));
  for (const node of spec.nodes) {
    const ins = inputsOf(node);
    const d = Math.max(0, ...ins.map((n) => depthOf.get(n) ?? 0)) + (DEPTH[node.kind] ?? 0);
    depthOf.set(node.name, d);
    shapeOf.set(node.name, node.shape);
    reduction = Math.max(reduction, size(node.shape), node.kind === "add" ? node.inputs.length : 0);
    if (node.kind === "conv2d" || node.kind === "conv1d") {
      // forward: kh·kw·C terms per output; ∂kernel: a sum over batch × output positions
      const taps = node.kernelSize.reduce((a, k) => a * k, 1) * (shapeOf.get(node.input)?.at(-1) ?? 1);
      reduction = Math.max(reduction, taps, batch * size(node.shape.slice(0, -1)));
    }
    if (node.kind === "depthwiseConv2d") {
      // forward: kh·kw terms per output; ∂x: kh·kw·M; ∂kernel: a sum over batch × output positions
      const taps = node.kernelSize.reduce((a, k) => a * k, 1);
      reduction = Math.max(reduction, taps * node.depthMultiplier, batch * size(node.shape.slice(0, -1)));
    }
    if (node.kind === "multiHeadAttention") reduction = Math.max(reduction, node.numHeads * node.keyDim);
    if (["dense", "layerNormalization", "embedding", "multiHeadAttention"].includes(node.kind)) {
      reduction = Math.max(reduction, batch * size(node.shape.slice(0, -1)));
    }
  }
  const ends = [spec.output, ...lossTerms(spec).map((t) => t.output)];
  return { depth: Math.max(...ends.map((n) => depthOf.get(n) ?? 0)) + 1, reduction };
}

export interface OracleComparison {
  loss: number;
  output: Difference;
  grads: Difference & { param: string };
  tolerance: number;
  worst: number;
  /** What TensorFlow.js computed. */
  tf: OracleResult;
}

/**
 * Compares a run of the generated model with TensorFlow.js. `inputs`/`targets` are what the model
 * was given (spec order); `params` the model's flat parameter buffer.
 */
export function compareWithOracle(
  spec: OracleSpec,
  layout: LoadedModule["layout"],
  params: ArrayLike<number>,
  inputs: readonly ArrayLike<number>[],
  targets: readonly ArrayLike<number>[],
  batch: number,
  run: ModelRun,
): OracleComparison {
  const tf = tfOracle({ spec, layout, params, inputs, targets, batch });
  const { depth, reduction } = networkDims(spec, batch);
  const loss = relative(run.loss, tf.loss, 1e-3);
  const output = compareArrays(run.output, tf.output);
  const grads = compareGrads(run.grads, tf.grads, layout.params);
  return { loss, output, grads, tolerance: f32Tolerance(depth, reduction), worst: Math.max(loss, output.worst, grads.worst), tf };
}

export function describeComparison(c: OracleComparison): string {
  const g = c.grads;
  const grads = g.index < 0 ? "no parameters" : `grads ${g.worst.toExponential(2)} (${g.param} at ${g.index}: ${g.a} vs ${g.b})`;
  return `loss ${c.loss.toExponential(2)}, output ${c.output.worst.toExponential(2)} (at ${c.output.index}: ${c.output.a} vs ${c.output.b}), ${grads}; tolerance ${c.tolerance.toExponential(2)}`;
}
