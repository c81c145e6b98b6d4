// The spec: plain, JSON-compatible data describing a network (what users write), and the
// normalized form the compiler consumes (defaults filled, sequential form turned into a graph).

export type DType = "f32" | "f64";

export const ACTIVATIONS = [
  "identity",
  "relu",
  "leakyRelu",
  "elu",
  "sigmoid",
  "tanh",
  "softplus",
  "gelu",
  "silu",
  /** Another name for silu (x·σ(x)), as Keras and TensorFlow.js call it. */
  "swish",
  "softmax",
] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const LOSSES = ["mse", "meanAbsoluteError", "huber", "softmaxCrossEntropy", "sigmoidCrossEntropy"] as const;
export type LossName = (typeof LOSSES)[number];

export const OPTIMIZERS = ["sgd", "adam", "adamw", "rmsprop", "adagrad"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const INITIALIZERS = ["heNormal", "heUniform", "glorotNormal", "glorotUniform", "zeros"] as const;
export type InitializerName = (typeof INITIALIZERS)[number];

/** Activations with a parameter, and its default (TensorFlow.js defaults). */
export const ACTIVATION_ALPHA_DEFAULTS: Partial<Record<ActivationName, number>> = {
  leakyRelu: 0.2,
  elu: 1,
};

// ---- What users write (input form) ------------------------------------------------------------

export interface DenseLayerSpec {
  type: "dense";
  name?: string;
  units: number;
  activation?: ActivationName;
  alpha?: number;
  useBias?: boolean;
  /** Default: heNormal after relu-like activations, glorotUniform otherwise (as Keras). */
  kernelInitializer?: InitializerName;
  /** Default: zeros. */
  biasInitializer?: InitializerName;
}
export interface AddLayerSpec {
  type: "add";
  name?: string;
}
export interface ActivationLayerSpec {
  type: ActivationName;
  name?: string;
  alpha?: number;
}
export type LayerSpec = DenseLayerSpec | ActivationLayerSpec;

export type DenseNodeSpec = Omit<DenseLayerSpec, "name"> & { input: string };
export type AddNodeSpec = { type: "add"; inputs: string[] };
export type ActivationNodeSpec = Omit<ActivationLayerSpec, "name"> & { input: string };
export type NodeSpec = DenseNodeSpec | AddNodeSpec | ActivationNodeSpec;

export interface LossSpec {
  type: LossName;
  /** Which target the loss compares against; defaults to the only target. */
  target?: string;
  /** huber only: where the loss turns from quadratic to linear (default 1, as tf.losses.huberLoss). */
  delta?: number;
}
/** Options every optimizer takes. */
export interface OptimizerCommonSpec {
  lr?: number;
  /** L2 penalty: λ·θ is added to every gradient before the update. */
  l2?: number;
  /** Gradient clipping by global norm: if ‖g‖ > clipNorm, g is scaled to norm clipNorm. */
  clipNorm?: number;
  /**
   * Default true: a step whose gradients are not all finite (NaN, ±Infinity) changes nothing
   * (parameters, optimizer state, stepCount) and increments `model.skippedSteps`.
   */
  skipNonFinite?: boolean;
}
/** θ −= lr·g, or with momentum μ: a = μ·a + g, θ −= lr·a (Nesterov: θ −= lr·(g + μ·a)). */
export interface SgdSpec extends OptimizerCommonSpec {
  type: "sgd";
  momentum?: number;
  nesterov?: boolean;
}
/** Adam (Kingma & Ba) with bias correction, as tf.train.adam. */
export interface AdamSpec extends OptimizerCommonSpec {
  type: "adam";
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}
/** Adam with decoupled weight decay (Loshchilov & Hutter): θ −= lr·weightDecay·θ, then Adam. */
export interface AdamWSpec extends OptimizerCommonSpec {
  type: "adamw";
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}
/** RMSProp as tf.train.rmsprop (uncentered): ms = ρ·ms + (1−ρ)·g², m = μ·m + lr·g/√(ms + ε), θ −= m. */
export interface RmspropSpec extends OptimizerCommonSpec {
  type: "rmsprop";
  rho?: number;
  momentum?: number;
  epsilon?: number;
}
/** Adagrad as tf.train.adagrad: acc += g², θ −= lr·g/√(acc + ε), acc starting at initialAccumulatorValue. */
export interface AdagradSpec extends OptimizerCommonSpec {
  type: "adagrad";
  initialAccumulatorValue?: number;
  epsilon?: number;
}
export type OptimizerSpec = SgdSpec | AdamSpec | AdamWSpec | RmspropSpec | AdagradSpec;

interface SpecCommon {
  $schema?: string;
  name: string;
  dtype?: DType;
  maxBatch?: number;
  seed?: number;
  inputs: Record<string, number[]>;
  targets: Record<string, number[]>;
  loss: LossSpec;
  optimizer?: OptimizerSpec;
}
export interface SequentialSpec extends SpecCommon {
  layers: LayerSpec[];
}
export interface GraphSpec extends SpecCommon {
  nodes: Record<string, NodeSpec>;
  output: string;
}
export type Spec = SequentialSpec | GraphSpec;

// ---- What the compiler consumes (normalized form) ---------------------------------------------

export interface Activation {
  type: ActivationName;
  /** Present (default filled) for leakyRelu and elu only. */
  alpha?: number;
}

export interface NamedShape {
  name: string;
  /** Per-sample shape (the batch dimension is not included). */
  shape: number[];
}

export type NormalizedNode =
  | {
      kind: "dense";
      name: string;
      input: string;
      units: number;
      activation: Activation;
      useBias: boolean;
      kernelInitializer: InitializerName;
      biasInitializer: InitializerName;
      /** Per-sample output shape: [units]. */
      shape: number[];
    }
  | { kind: "add"; name: string; inputs: string[]; shape: number[] }
  | { kind: "activation"; name: string; input: string; activation: Activation; shape: number[] };

export interface NormalizedSpec {
  name: string;
  dtype: DType;
  maxBatch: number;
  seed: number;
  inputs: NamedShape[];
  targets: NamedShape[];
  /** Topologically ordered; every reference points at an input or an earlier node. */
  nodes: NormalizedNode[];
  /** The node whose value is the model output before the loss's own output transform. */
  output: string;
  /** Name of the output in the generated layout ("out" for sequential specs, else `output`). */
  outputName: string;
  /** `delta` is present (default filled) for huber only. */
  loss: { type: LossName; target: string; delta?: number };
  optimizer: Optimizer;
}

/** Optimizer with every default filled; clipNorm null means no clipping. */
export type Optimizer = { lr: number; l2: number; clipNorm: number | null; skipNonFinite: boolean } & (
  | { type: "sgd"; momentum: number; nesterov: boolean }
  | { type: "adam"; beta1: number; beta2: number; epsilon: number }
  | { type: "adamw"; beta1: number; beta2: number; epsilon: number; weightDecay: number }
  | { type: "rmsprop"; rho: number; momentum: number; epsilon: number }
  | { type: "adagrad"; initialAccumulatorValue: number; epsilon: number }
);
