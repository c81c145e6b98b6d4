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
  "softmax",
] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const LOSSES = ["mse", "softmaxCrossEntropy", "sigmoidCrossEntropy"] as const;
export type LossName = (typeof LOSSES)[number];

export const OPTIMIZERS = ["sgd"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

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
}
export interface OptimizerSpec {
  type: OptimizerName;
  lr?: number;
}

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
  loss: { type: LossName; target: string };
  optimizer: { type: "sgd"; lr: number };
}
