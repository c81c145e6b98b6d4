// TypeScript builders of the tensor nodes (issue 16): `f(...args, { input })` is a graph node,
// `f(...args, { name }?)` a layer; nodes of several values (or none) exist in the graph form only.
// Each returns the same plain data a user would write in JSON.
import { built, compact, type Fields, type LayerOptions, optionsOf, type SingleInput } from "./builder-options.ts";
import type {
  BatchNormalizationLayerSpec,
  BinaryNodeSpec,
  BinaryOp,
  ConcatNodeSpec,
  ConstantNodeSpec,
  ConstantValue,
  DropoutLayerSpec,
  EmbeddingLayerSpec,
  FlattenLayerSpec,
  InitializerName,
  LayerNormalizationLayerSpec,
  MatmulNodeSpec,
  MultiHeadAttentionLayerSpec,
  MultiHeadAttentionNodeSpec,
  ReduceLayerSpec,
  ReduceOp,
  ReshapeLayerSpec,
  ScaleLayerSpec,
  SliceLayerSpec,
  SoftmaxLayerSpec,
  TransposeLayerSpec,
  UnaryLayerSpec,
  UnaryOp,
} from "./types.ts";


function unary<T extends UnaryOp>(type: T): SingleInput<[], UnaryLayerSpec & { type: T }> {
  return ((options?: unknown) => built(type, {}, options)) as SingleInput<[], UnaryLayerSpec & { type: T }>;
}
/** eˣ */
export const exp = unary("exp");
/** Natural logarithm. */
export const log = unary("log");
export const sqrt = unary("sqrt");
/** x² */
export const square = unary("square");
export const abs = unary("abs");
/** −x */
export const neg = unary("neg");

type SoftmaxBuilder<T extends SoftmaxLayerSpec["type"]> = SingleInput<[], SoftmaxLayerSpec & { type: T }, { axis?: number }>;
/** Softmax over `axis` (default -1, the last): `softmax()`, `softmax({ input: "scores", axis: 1 })`. */
export const softmax: SoftmaxBuilder<"softmax"> = ((options?: unknown) => built("softmax", {}, options)) as SoftmaxBuilder<"softmax">;
/** log(softmax(x)) over `axis` (default -1), computed stably. */
export const logSoftmax: SoftmaxBuilder<"logSoftmax"> = ((options?: unknown) =>
  built("logSoftmax", {}, options)) as SoftmaxBuilder<"logSoftmax">;

/** x · factor: `scale(0.5)`. */
export const scale: SingleInput<[factor: number], ScaleLayerSpec> = ((factor: number, options?: unknown) =>
  built("scale", { factor }, options)) as SingleInput<[factor: number], ScaleLayerSpec>;

/** To a per-sample shape with as many elements; one dimension may be -1: `reshape([4, -1])`. */
export const reshape: SingleInput<[shape: number[]], ReshapeLayerSpec> = ((shape: number[], options?: unknown) =>
  built("reshape", { shape }, options)) as SingleInput<[shape: number[]], ReshapeLayerSpec>;

/** To one per-sample axis. */
export const flatten: SingleInput<[], FlattenLayerSpec> = ((options?: unknown) =>
  built("flatten", {}, options)) as SingleInput<[], FlattenLayerSpec>;

/** Permutes the per-sample axes: `transpose({ perm: [1, 0] })`; without perm, reverses them. */
export const transpose: SingleInput<[], TransposeLayerSpec, Fields<TransposeLayerSpec>> = ((options?: unknown) =>
  built("transpose", {}, options)) as SingleInput<[], TransposeLayerSpec, Fields<TransposeLayerSpec>>;

/** `slice([0, 2], [-1, 3])`: `size[i]` elements from `begin[i]` on each axis (-1: to the end). */
export const slice: SingleInput<[begin: number[], size: number[]], SliceLayerSpec> = ((
  begin: number[],
  size: number[],
  options?: unknown,
) => built("slice", { begin, size }, options)) as SingleInput<[begin: number[], size: number[]], SliceLayerSpec>;

type ReduceBuilder<T extends ReduceOp> = SingleInput<[], ReduceLayerSpec & { type: T }, Fields<ReduceLayerSpec>>;
function reduction<T extends ReduceOp>(type: T): ReduceBuilder<T> {
  return ((options?: unknown) => built(type, {}, options)) as ReduceBuilder<T>;
}
/** Sum over `axes` (default: every per-sample axis): `sum({ axes: -1, keepDims: true })`. */
export const sum = reduction("sum");
/** Mean over `axes` (default: every per-sample axis). */
export const mean = reduction("mean");
/** Maximum over `axes` (default: every per-sample axis). */
export const max = reduction("max");

/** As tf.layers.layerNormalization: axis -1, epsilon 0.001, center and scale true. */
export const layerNormalization: SingleInput<[], LayerNormalizationLayerSpec, Fields<LayerNormalizationLayerSpec>> = ((
  options?: unknown,
) => built("layerNormalization", {}, options)) as SingleInput<[], LayerNormalizationLayerSpec, Fields<LayerNormalizationLayerSpec>>;

/**
 * As tf.layers.batchNormalization: axis -1, momentum 0.99, epsilon 0.001, center and scale true;
 * batch statistics in training (loss, backward, trainStep), the moving ones in forward and evaluate.
 */
export const batchNormalization: SingleInput<[], BatchNormalizationLayerSpec, Fields<BatchNormalizationLayerSpec>> = ((
  options?: unknown,
) => built("batchNormalization", {}, options)) as SingleInput<[], BatchNormalizationLayerSpec, Fields<BatchNormalizationLayerSpec>>;

/** `dropout(0.25)`: in training, zero each element with probability `rate` and scale the rest by 1/(1 − rate); identity in inference. */
export const dropout: SingleInput<[rate: number], DropoutLayerSpec> = ((rate: number, options?: unknown) =>
  built("dropout", { rate }, options)) as SingleInput<[rate: number], DropoutLayerSpec>;

type EmbeddingOptions = { embeddingsInitializer?: InitializerName };
/** `embedding(27, 16, { input: "tokens" })`: int32 indices in [0, inputDim) → vectors of outputDim. */
export const embedding: SingleInput<[inputDim: number, outputDim: number], EmbeddingLayerSpec, EmbeddingOptions> = ((
  inputDim: number,
  outputDim: number,
  options?: unknown,
) => built("embedding", { inputDim, outputDim }, options)) as SingleInput<
  [inputDim: number, outputDim: number],
  EmbeddingLayerSpec,
  EmbeddingOptions
>;

type AttentionOptions = { causal?: boolean; useBias?: boolean };
/**
 * Keras's MultiHeadAttention: `multiHeadAttention(4, 16, { inputs: ["q", "kv"] })`, or
 * `{ input: "x" }` / a layer in a list for self-attention; `causal` masks future positions.
 */
export function multiHeadAttention(
  numHeads: number,
  keyDim: number,
  options: AttentionOptions & ({ input: string; inputs?: undefined } | { inputs: [string, string]; input?: undefined }),
): MultiHeadAttentionNodeSpec;
export function multiHeadAttention(
  numHeads: number,
  keyDim: number,
  options?: AttentionOptions & LayerOptions & { inputs?: undefined },
): MultiHeadAttentionLayerSpec;
export function multiHeadAttention(numHeads: number, keyDim: number, options?: unknown): MultiHeadAttentionLayerSpec {
  return built("multiHeadAttention", { numHeads, keyDim }, options);
}

// ---- Nodes of several values (or none): graph form only ----------------------------------------

function binary<T extends BinaryOp>(type: T): (a: string, b: string) => BinaryNodeSpec & { type: T } {
  return (a, b) => ({ type, inputs: [a, b] });
}
/** a − b, with numpy broadcasting. */
export const sub = binary("sub");
/** a · b (elementwise), with numpy broadcasting. */
export const mul = binary("mul");
/** a / b, with numpy broadcasting. */
export const div = binary("div");
/** max(a, b) elementwise, with numpy broadcasting. */
export const maximum = binary("maximum");
/** min(a, b) elementwise, with numpy broadcasting. */
export const minimum = binary("minimum");

/** A fixed value, a number or a nested array: `constant([[1, 0], [0, 1]])`. */
export function constant(value: ConstantValue): ConstantNodeSpec {
  return { type: "constant", value };
}

/** As tf.matMul per sample: `matmul("q", "k", { transposeB: true })`. */
export function matmul(a: string, b: string, options?: { transposeA?: boolean; transposeB?: boolean }): MatmulNodeSpec {
  return compact({ type: "matmul" as const, inputs: [a, b] as [string, string], ...optionsOf("matmul", options) });
}

/** Joins values along `axis` (default -1): `concat(["a", "b"], { axis: 0 })`. */
export function concat(inputs: string[], options?: { axis?: number }): ConcatNodeSpec {
  return compact({ type: "concat" as const, inputs, ...optionsOf("concat", options) });
}

