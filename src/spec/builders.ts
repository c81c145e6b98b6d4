// TypeScript builders for specs: each returns the same plain data a user would write in JSON
// (no classes, no undefined-valued keys), so builder output and JSON validate identically.
import type {
  ActivationLayerSpec,
  ActivationName,
  ActivationNodeSpec,
  AddNodeSpec,
  BinaryNodeSpec,
  BinaryOp,
  ConcatNodeSpec,
  ConstantNodeSpec,
  ConstantValue,
  CustomLossSpec,
  DenseLayerSpec,
  DenseNodeSpec,
  EmbeddingLayerSpec,
  FlattenLayerSpec,
  GraphSpec,
  InitializerName,
  LayerNormalizationLayerSpec,
  LossName,
  LossTermSpec,
  MatmulNodeSpec,
  MultiHeadAttentionLayerSpec,
  MultiHeadAttentionNodeSpec,
  NodeSpec,
  ReduceLayerSpec,
  ReduceOp,
  ReshapeLayerSpec,
  ScaleLayerSpec,
  SliceLayerSpec,
  SoftmaxLayerSpec,
  TransposeLayerSpec,
  UnaryLayerSpec,
  UnaryOp,
  AdamSpec,
  AdamWSpec,
  AdagradSpec,
  RmspropSpec,
  SequentialSpec,
  SgdSpec,
} from "./types.ts";
import { SpecError } from "../../compiler/errors.ts";
import { quote } from "./issues.ts";

/** Drops keys whose value is undefined (so `toStrictEqual` and JSON.stringify match hand-written data). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The options object of a builder call, every key kept: a misspelt one (`activaton`) reaches the
 * validator, which rejects it with its path and the likely key, exactly as in a JSON spec.
 */
function optionsOf(builder: string, options: unknown): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new SpecError("", `${builder}(): options must be an object such as { name: "h1" }, got ${quote(options)}`);
  }
  return options as Record<string, unknown>;
}

// ---- Whole specs ------------------------------------------------------------------------------

export function sequential(spec: SequentialSpec): SequentialSpec {
  return spec;
}

/**
 * A graph spec; `output` must be one of the node names, or a non-empty list of them (the first is
 * the primary output), checked by the type system too.
 */
export function graph<const N extends Record<string, NodeSpec>>(
  spec: Omit<GraphSpec, "nodes" | "output"> & {
    nodes: N;
    output: (keyof N & string) | [keyof N & string, ...(keyof N & string)[]];
  },
): GraphSpec {
  return spec;
}

// ---- Layers and nodes -------------------------------------------------------------------------

export interface DenseOptions {
  activation?: ActivationName;
  /** Only for leakyRelu / elu. */
  alpha?: number;
  useBias?: boolean;
  kernelInitializer?: InitializerName;
  biasInitializer?: InitializerName;
}

/** `dense(128, { activation: "relu" })` in a layer list; `dense(32, { input: "x" })` in a graph. */
export function dense(units: number, options: DenseOptions & { input: string }): DenseNodeSpec;
export function dense(units: number, options?: DenseOptions & { name?: string; input?: undefined }): DenseLayerSpec;
export function dense(
  units: number,
  options: DenseOptions & { name?: string; input?: string } = {},
): DenseLayerSpec | DenseNodeSpec {
  const { name, input, ...rest } = optionsOf("dense", options);
  return compact({ type: "dense" as const, name, input, units, ...rest }) as DenseLayerSpec;
}

/** `add("h1", "h2")`: elementwise sum (graph form only). */
export function add(...inputs: string[]): AddNodeSpec {
  return { type: "add", inputs };
}

type LayerOptions = { name?: string; input?: undefined };
type NodeOptions = { input: string };
type ActivationBuilder<T extends ActivationName> = {
  (options: NodeOptions): ActivationNodeSpec & { type: T };
  (options?: LayerOptions): ActivationLayerSpec & { type: T };
};
type AlphaActivationBuilder<T extends ActivationName> = {
  (alpha: number | undefined, options: NodeOptions): ActivationNodeSpec & { type: T };
  (alpha?: number, options?: LayerOptions): ActivationLayerSpec & { type: T };
};

function activation<T extends Exclude<ActivationName, "softmax">>(type: T): ActivationBuilder<T> {
  return ((options?: unknown) => compact({ type, ...optionsOf(type, options) })) as ActivationBuilder<T>;
}

function alphaActivation<T extends Exclude<ActivationName, "softmax">>(type: T): AlphaActivationBuilder<T> {
  return ((alpha?: number, options?: unknown) =>
    compact({ type, ...optionsOf(type, options), alpha })) as AlphaActivationBuilder<T>;
}

export const identity = activation("identity");
export const relu = activation("relu");
export const sigmoid = activation("sigmoid");
export const tanh = activation("tanh");
export const softplus = activation("softplus");
export const gelu = activation("gelu");
export const silu = activation("silu");
/** Another name for silu: x·σ(x). */
export const swish = activation("swish");
/** `leakyRelu(0.1)`; alpha defaults to 0.2. */
export const leakyRelu = alphaActivation("leakyRelu");
/** `elu(0.5)`; alpha defaults to 1. */
export const elu = alphaActivation("elu");

// ---- Tensor layers and nodes: `f(...args, { input })` is a graph node, `f(...args, { name }?)` a layer ----

/** A single-input builder: with `input` in its options it builds a graph node, else a layer. */
type SingleInput<Args extends unknown[], L extends { name?: string }, O = object> = {
  (...args: [...Args, options: O & NodeOptions]): Omit<L, "name"> & NodeOptions;
  (...args: [...Args, options?: O & LayerOptions]): L;
};
type Fields<L> = Omit<L, "type" | "name">;

/** `{ type, ...fields, ...options }` without undefined keys; the options object is kept whole (strictness). */
function built(type: string, fields: object, options: unknown): never {
  return compact({ type, ...optionsOf(type, options), ...fields }) as never;
}

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

// ---- Loss and optimizer -----------------------------------------------------------------------

/** Which node a term reads (default: the model output), its target and its weight in the sum. */
export type LossOptions = Pick<LossTermSpec, "output" | "target" | "weight">;

/** `mse()`, `mse("y")` (the target), or `mse({ output: "logits", target: "y", weight: 0.5 })`. */
function loss<T extends LossName>(type: T): (target?: string | LossOptions) => LossTermSpec & { type: T } {
  return (target) =>
    compact({ type, ...(typeof target === "string" || target === undefined ? { target } : optionsOf(type, target)) });
}

/** Mean squared error; `target` defaults to the only target. */
export const mse = loss("mse");
/** Mean absolute error, mean(|p − t|); `target` defaults to the only target. */
export const meanAbsoluteError = loss("meanAbsoluteError");
/** Huber loss, as tf.losses.huberLoss: ½e² for |e| ≤ delta, delta·(|e| − ½delta) beyond; delta defaults to 1. */
export function huber(delta?: number, target?: string | LossOptions): LossTermSpec & { type: "huber" } {
  return compact({ ...loss("huber")(target), delta });
}
/** Softmax + cross-entropy on logits over the last axis (the last layer must not apply softmax). */
export const softmaxCrossEntropy = loss("softmaxCrossEntropy");
/** Sigmoid + binary cross-entropy on logits (the last layer must not apply sigmoid). */
export const sigmoidCrossEntropy = loss("sigmoidCrossEntropy");
/** Softmax cross-entropy on logits against int32 class indices (Keras's sparse categorical, from logits). */
export const sparseSoftmaxCrossEntropy = loss("sparseSoftmaxCrossEntropy");
/** The batch mean of `node`, a per-sample scalar (shape []) built from any nodes, targets included. */
export function customLoss(node: string, options?: { weight?: number }): CustomLossSpec {
  return compact({ type: "custom" as const, node, ...optionsOf("customLoss", options) });
}

type Options<T> = Omit<T, "type" | "lr">;

/** Stochastic gradient descent (optionally with momentum / Nesterov); lr defaults to 0.01. */
export function sgd(lr?: number, options?: Options<SgdSpec>): SgdSpec {
  return compact({ type: "sgd" as const, lr, ...optionsOf("sgd", options) }) as SgdSpec;
}

/** Adam; lr defaults to 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7 (as tf.train.adam). */
export function adam(lr?: number, options?: Options<AdamSpec>): AdamSpec {
  return compact({ type: "adam" as const, lr, ...optionsOf("adam", options) }) as AdamSpec;
}

/** Adam with decoupled weight decay (weightDecay defaults to 0.01). */
export function adamw(lr?: number, options?: Options<AdamWSpec>): AdamWSpec {
  return compact({ type: "adamw" as const, lr, ...optionsOf("adamw", options) }) as AdamWSpec;
}

/** RMSProp; lr defaults to 0.001, rho 0.9, momentum 0, epsilon 1e-7 (as tf.train.rmsprop). */
export function rmsprop(lr?: number, options?: Options<RmspropSpec>): RmspropSpec {
  return compact({ type: "rmsprop" as const, lr, ...optionsOf("rmsprop", options) }) as RmspropSpec;
}

/** Adagrad; lr defaults to 0.01, initialAccumulatorValue 0.1, epsilon 1e-7 (as tf.train.adagrad). */
export function adagrad(lr?: number, options?: Options<AdagradSpec>): AdagradSpec {
  return compact({ type: "adagrad" as const, lr, ...optionsOf("adagrad", options) }) as AdagradSpec;
}
