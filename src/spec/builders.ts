// TypeScript builders for specs: each returns the same plain data a user would write in JSON
// (no classes, no undefined-valued keys), so builder output and JSON validate identically.
import type {
  ActivationLayerSpec,
  ActivationName,
  ActivationNodeSpec,
  AddNodeSpec,
  CustomLossSpec,
  Conv1DLayerSpec,
  Conv1DNodeSpec,
  Conv2DLayerSpec,
  Conv2DNodeSpec,
  DepthwiseConv2DLayerSpec,
  DepthwiseConv2DNodeSpec,
  DenseLayerSpec,
  DenseNodeSpec,
  GraphSpec,
  InitializerName,
  LossName,
  LossTermSpec,
  NodeSpec,
  AdamSpec,
  AdamWSpec,
  AdagradSpec,
  RmspropSpec,
  SequentialSpec,
  SgdSpec,
} from "./types.ts";
import { compact, type LayerOptions, type NodeOptions, optionsOf } from "./builder-options.ts";

export * from "./builders-tensor.ts";
export * from "./builders-pool.ts";

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

/** Options of conv2d (sizes n or [along height, along width]) and conv1d (n or [n]), as tf.layers. */
export type Conv2DOptions = Omit<Conv2DLayerSpec, "type" | "name" | "filters" | "kernelSize">;
export type Conv1DOptions = Omit<Conv1DLayerSpec, "type" | "name" | "filters" | "kernelSize">;

/**
 * `conv2d(16, 3, { padding: "same", activation: "relu" })` in a layer list, on [height, width, channels];
 * `conv2d(8, [3, 5], { input: "image", strides: 2 })` in a graph. Kernel [kh, kw, inChannels, filters].
 */
export function conv2d(filters: number, kernelSize: Conv2DLayerSpec["kernelSize"], options: Conv2DOptions & { input: string }): Conv2DNodeSpec;
export function conv2d(
  filters: number,
  kernelSize: Conv2DLayerSpec["kernelSize"],
  options?: Conv2DOptions & { name?: string; input?: undefined },
): Conv2DLayerSpec;
export function conv2d(
  filters: number,
  kernelSize: Conv2DLayerSpec["kernelSize"],
  options: Conv2DOptions & { name?: string; input?: string } = {},
): Conv2DLayerSpec | Conv2DNodeSpec {
  const { name, input, ...rest } = optionsOf("conv2d", options);
  return compact({ type: "conv2d" as const, name, input, filters, kernelSize, ...rest }) as Conv2DLayerSpec;
}

/** `conv1d(16, 5, { padding: "same" })` on [steps, channels]; kernel [k, inChannels, filters]. */
export function conv1d(filters: number, kernelSize: Conv1DLayerSpec["kernelSize"], options: Conv1DOptions & { input: string }): Conv1DNodeSpec;
export function conv1d(
  filters: number,
  kernelSize: Conv1DLayerSpec["kernelSize"],
  options?: Conv1DOptions & { name?: string; input?: undefined },
): Conv1DLayerSpec;
export function conv1d(
  filters: number,
  kernelSize: Conv1DLayerSpec["kernelSize"],
  options: Conv1DOptions & { name?: string; input?: string } = {},
): Conv1DLayerSpec | Conv1DNodeSpec {
  const { name, input, ...rest } = optionsOf("conv1d", options);
  return compact({ type: "conv1d" as const, name, input, filters, kernelSize, ...rest }) as Conv1DLayerSpec;
}

/** Options of depthwiseConv2d (sizes n or [along height, along width]), as tf.layers.depthwiseConv2d. */
export type DepthwiseConv2DOptions = Omit<DepthwiseConv2DLayerSpec, "type" | "name" | "kernelSize">;

/**
 * `depthwiseConv2d(3, { depthMultiplier: 2, padding: "same" })` in a layer list, on [height, width, channels];
 * `depthwiseConv2d([3, 5], { input: "image" })` in a graph. Kernel [kh, kw, inChannels, depthMultiplier].
 */
export function depthwiseConv2d(kernelSize: DepthwiseConv2DLayerSpec["kernelSize"], options: DepthwiseConv2DOptions & { input: string }): DepthwiseConv2DNodeSpec;
export function depthwiseConv2d(kernelSize: DepthwiseConv2DLayerSpec["kernelSize"], options?: DepthwiseConv2DOptions & { name?: string; input?: undefined }): DepthwiseConv2DLayerSpec;
export function depthwiseConv2d(
  kernelSize: DepthwiseConv2DLayerSpec["kernelSize"],
  options: DepthwiseConv2DOptions & { name?: string; input?: string } = {},
): DepthwiseConv2DLayerSpec | DepthwiseConv2DNodeSpec {
  const { name, input, ...rest } = optionsOf("depthwiseConv2d", options);
  return compact({ type: "depthwiseConv2d" as const, name, input, kernelSize, ...rest }) as DepthwiseConv2DLayerSpec;
}

/** `add("h1", "h2")`: elementwise sum (graph form only). */
export function add(...inputs: string[]): AddNodeSpec {
  return { type: "add", inputs };
}

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
