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

/** Losses whose target is a float value of the output's shape. */
export const SAME_SHAPE_LOSSES = ["mse", "meanAbsoluteError", "huber", "softmaxCrossEntropy", "sigmoidCrossEntropy"] as const;
/** Every loss type except "custom" (sparseSoftmaxCrossEntropy takes int32 class indices). */
export const LOSSES = [...SAME_SHAPE_LOSSES, "sparseSoftmaxCrossEntropy"] as const;
export type LossName = (typeof LOSSES)[number];

export const OPTIMIZERS = ["sgd", "adam", "adamw", "rmsprop", "adagrad"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** randomUniform: uniform(−0.05, 0.05), as Keras's RandomUniform default (the embedding default). */
export const INITIALIZERS = ["heNormal", "heUniform", "glorotNormal", "glorotUniform", "zeros", "randomUniform"] as const;
export type InitializerName = (typeof INITIALIZERS)[number];

/** Elementwise ops of one value (besides the activations). */
export const UNARY_OPS = ["exp", "log", "sqrt", "square", "abs", "neg"] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];
/** Elementwise ops of exactly two values, with numpy broadcasting. */
export const BINARY_OPS = ["sub", "mul", "div", "maximum", "minimum"] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];
/** Reductions over per-sample axes. */
export const REDUCE_OPS = ["sum", "mean", "max"] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

/** Element type of a value: the model's float (f32 or f64), or 32-bit integer indices. */
export type ValueDType = "float" | "int32";

/** Activations with a parameter, and its default (TensorFlow.js defaults). */
export const ACTIVATION_ALPHA_DEFAULTS: Partial<Record<ActivationName, number>> = {
  leakyRelu: 0.2,
  elu: 1,
};

// ---- What users write (input form) ------------------------------------------------------------

/** An input or target: a per-sample shape (`[16]`), or a shape with a dtype (default "float"). */
export interface ValueSpec {
  shape: number[];
  dtype?: ValueDType;
}
export type ShapeSpec = number[] | ValueSpec;

/** A constant's value: a number, or a (rectangular) nested array of numbers. */
export type ConstantValue = number | ConstantValue[];

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
/** "valid": no padding; "same": padded as TensorFlow so that the output size is ceil(input / stride). */
export type ConvPadding = "valid" | "same";
/** Options shared by conv2d and conv1d (as tf.layers.conv2d / conv1d, channels last). */
interface ConvFields {
  name?: string;
  filters: number;
  activation?: ActivationName;
  alpha?: number;
  padding?: ConvPadding;
  useBias?: boolean;
  /** Default: glorotUniform (fan in kh·kw·inChannels, fan out kh·kw·filters, as Keras). */
  kernelInitializer?: InitializerName;
  /** Default: zeros. */
  biasInitializer?: InitializerName;
}
/** Per-sample input [height, width, channels]; parameters `<name>.kernel` [kh, kw, inChannels, filters], `<name>.bias` [filters]. */
export interface Conv2DLayerSpec extends ConvFields {
  type: "conv2d";
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 1. */
  dilationRate?: number | [number, number];
}
/** Per-sample input [steps, channels]; parameters `<name>.kernel` [k, inChannels, filters], `<name>.bias` [filters]. */
export interface Conv1DLayerSpec extends ConvFields {
  type: "conv1d";
  kernelSize: number | [number];
  /** Default 1. */
  strides?: number | [number];
  /** Default 1. */
  dilationRate?: number | [number];
}
/** maxPooling2d / averagePooling2d on [height, width, channels], as tf.layers (no parameters). */
export interface Pooling2DLayerSpec {
  type: "maxPooling2d" | "averagePooling2d";
  name?: string;
  /** n or [ph, pw]; default 2. */
  poolSize?: number | [number, number];
  /** Default: poolSize. */
  strides?: number | [number, number];
  /** "same": padded as TensorFlow, padding never part of a max or an average. Default "valid". */
  padding?: ConvPadding;
}
/** maxPooling1d / averagePooling1d on [steps, channels]. */
export interface Pooling1DLayerSpec {
  type: "maxPooling1d" | "averagePooling1d";
  name?: string;
  /** n or [n]; default 2. */
  poolSize?: number | [number];
  /** Default: poolSize. */
  strides?: number | [number];
  padding?: ConvPadding;
}
/** Mean or max over every position: [height, width, channels] (2d) or [steps, channels] (1d) → [channels]. */
export interface GlobalPoolingLayerSpec {
  type: "globalAveragePooling2d" | "globalMaxPooling2d" | "globalAveragePooling1d" | "globalMaxPooling1d";
  name?: string;
}
/**
 * As tf.layers.depthwiseConv2d: each input channel convolved alone by its depthMultiplier kernels
 * (output channel c·depthMultiplier + m). Per-sample input [height, width, channels]; parameters
 * `<name>.depthwiseKernel` [kh, kw, inChannels, depthMultiplier], `<name>.bias` [inChannels·depthMultiplier].
 */
export interface DepthwiseConv2DLayerSpec {
  type: "depthwiseConv2d";
  name?: string;
  kernelSize: number | [number, number];
  /** Default 1. */
  depthMultiplier?: number;
  /** Default 1. */
  strides?: number | [number, number];
  /** Default 1. */
  dilationRate?: number | [number, number];
  padding?: ConvPadding;
  activation?: ActivationName;
  alpha?: number;
  useBias?: boolean;
  /** Default: glorotUniform (fan in kh·kw·inChannels, fan out kh·kw·depthMultiplier, as Keras). */
  depthwiseInitializer?: InitializerName;
  /** Default: zeros. */
  biasInitializer?: InitializerName;
}
export interface AddLayerSpec {
  type: "add";
  name?: string;
}
/** Every activation but softmax, which takes an `axis` (SoftmaxLayerSpec). */
export interface ActivationLayerSpec {
  type: Exclude<ActivationName, "softmax">;
  name?: string;
  alpha?: number;
}
/** softmax / logSoftmax over one per-sample axis (default -1, the last). */
export interface SoftmaxLayerSpec {
  type: "softmax" | "logSoftmax";
  name?: string;
  axis?: number;
}
export interface UnaryLayerSpec {
  type: UnaryOp;
  name?: string;
}
/** x · factor. */
export interface ScaleLayerSpec {
  type: "scale";
  name?: string;
  factor: number;
}
/** To a per-sample shape with the same number of elements; one dimension may be -1 (inferred). */
export interface ReshapeLayerSpec {
  type: "reshape";
  name?: string;
  shape: number[];
}
/** To one per-sample axis. */
export interface FlattenLayerSpec {
  type: "flatten";
  name?: string;
}
/** Permutes the per-sample axes (default: reversed). */
export interface TransposeLayerSpec {
  type: "transpose";
  name?: string;
  perm?: number[];
}
/** `size[i]` elements from `begin[i]` on every per-sample axis; a size of -1 means to the end. */
export interface SliceLayerSpec {
  type: "slice";
  name?: string;
  begin: number[];
  size: number[];
}
/** sum / mean / max over `axes` (default: every per-sample axis). */
export interface ReduceLayerSpec {
  type: ReduceOp;
  name?: string;
  axes?: number | number[];
  keepDims?: boolean;
}
/** As tf.layers.layerNormalization: parameters `<name>.gamma` (scale) and `<name>.beta` (center). */
export interface LayerNormalizationLayerSpec {
  type: "layerNormalization";
  name?: string;
  axis?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
}
/**
 * As tf.layers.batchNormalization: trainable `<name>.gamma` (scale) and `<name>.beta` (center), state
 * (not trained) `<name>.movingMean` (zeros) and `<name>.movingVariance` (ones), each the size of `axis`.
 * Training: normalized by the batch's mean and biased variance over every axis but `axis`, and
 * moving = momentum·moving + (1 − momentum)·batch; inference: by the moving statistics.
 */
export interface BatchNormalizationLayerSpec {
  type: "batchNormalization";
  name?: string;
  axis?: number;
  momentum?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
}
/**
 * As tf.layers.dropout: in training each element is zeroed with probability `rate` and the rest
 * scaled by 1/(1 − rate) (inverted dropout), masks from the model's seeded generator; inference: identity.
 */
export interface DropoutLayerSpec {
  type: "dropout";
  name?: string;
  rate: number;
}
/** int32 indices → vectors: parameter `<name>.embeddings` [inputDim, outputDim]. */
export interface EmbeddingLayerSpec {
  type: "embedding";
  name?: string;
  inputDim: number;
  outputDim: number;
  /** Default: randomUniform, uniform(−0.05, 0.05) as Keras. */
  embeddingsInitializer?: InitializerName;
}
/** Keras's MultiHeadAttention; in a layer list, self-attention over the previous layer. */
export interface MultiHeadAttentionLayerSpec {
  type: "multiHeadAttention";
  name?: string;
  numHeads: number;
  keyDim: number;
  causal?: boolean;
  useBias?: boolean;
}
export type LayerSpec =
  | DenseLayerSpec
  | Conv2DLayerSpec
  | Conv1DLayerSpec
  | DepthwiseConv2DLayerSpec
  | ActivationLayerSpec
  | SoftmaxLayerSpec
  | UnaryLayerSpec
  | ScaleLayerSpec
  | ReshapeLayerSpec
  | FlattenLayerSpec
  | TransposeLayerSpec
  | SliceLayerSpec
  | ReduceLayerSpec
  | LayerNormalizationLayerSpec
  | BatchNormalizationLayerSpec
  | DropoutLayerSpec
  | EmbeddingLayerSpec
  | MultiHeadAttentionLayerSpec
  | Pooling2DLayerSpec
  | Pooling1DLayerSpec
  | GlobalPoolingLayerSpec;

/** A layer as a graph node: no `name` (the record key is the name), one `input`. */
type AsNode<L> = Omit<L, "name"> & { input: string };
export type DenseNodeSpec = AsNode<DenseLayerSpec>;
export type Conv2DNodeSpec = AsNode<Conv2DLayerSpec>;
export type Conv1DNodeSpec = AsNode<Conv1DLayerSpec>;
export type Pooling2DNodeSpec = AsNode<Pooling2DLayerSpec>;
export type Pooling1DNodeSpec = AsNode<Pooling1DLayerSpec>;
export type GlobalPoolingNodeSpec = AsNode<GlobalPoolingLayerSpec>;
export type DepthwiseConv2DNodeSpec = AsNode<DepthwiseConv2DLayerSpec>;
export type ActivationNodeSpec = AsNode<ActivationLayerSpec>;
export type SoftmaxNodeSpec = AsNode<SoftmaxLayerSpec>;
export type UnaryNodeSpec = AsNode<UnaryLayerSpec>;
export type ScaleNodeSpec = AsNode<ScaleLayerSpec>;
export type ReshapeNodeSpec = AsNode<ReshapeLayerSpec>;
export type FlattenNodeSpec = AsNode<FlattenLayerSpec>;
export type TransposeNodeSpec = AsNode<TransposeLayerSpec>;
export type SliceNodeSpec = AsNode<SliceLayerSpec>;
export type ReduceNodeSpec = AsNode<ReduceLayerSpec>;
export type LayerNormalizationNodeSpec = AsNode<LayerNormalizationLayerSpec>;
export type BatchNormalizationNodeSpec = AsNode<BatchNormalizationLayerSpec>;
export type DropoutNodeSpec = AsNode<DropoutLayerSpec>;
export type EmbeddingNodeSpec = AsNode<EmbeddingLayerSpec>;
/** Elementwise sum of any number (≥ 2) of values, with numpy broadcasting. */
export type AddNodeSpec = { type: "add"; inputs: string[] };
/** Elementwise op of two values, with numpy broadcasting. */
export type BinaryNodeSpec = { type: BinaryOp; inputs: [string, string] };
/** A fixed value (no inputs); its shape is the value's shape and it broadcasts like any value. */
export type ConstantNodeSpec = { type: "constant"; value: ConstantValue };
/** As tf.matMul on the per-sample values: rank ≥ 2, equal leading dims, product over the last two axes. */
export type MatmulNodeSpec = { type: "matmul"; inputs: [string, string]; transposeA?: boolean; transposeB?: boolean };
/** Joins values along `axis` (default -1); every other dimension must agree. */
export type ConcatNodeSpec = { type: "concat"; inputs: string[]; axis?: number };
/** `inputs: [query, value]`, or `input` for self-attention; the output has the query's shape. */
export type MultiHeadAttentionNodeSpec = Omit<MultiHeadAttentionLayerSpec, "name"> & {
  input?: string;
  inputs?: [string, string];
};
export type NodeSpec =
  | DenseNodeSpec
  | Conv2DNodeSpec
  | Conv1DNodeSpec
  | DepthwiseConv2DNodeSpec
  | AddNodeSpec
  | ActivationNodeSpec
  | SoftmaxNodeSpec
  | UnaryNodeSpec
  | BinaryNodeSpec
  | ScaleNodeSpec
  | ConstantNodeSpec
  | MatmulNodeSpec
  | ReshapeNodeSpec
  | FlattenNodeSpec
  | TransposeNodeSpec
  | ConcatNodeSpec
  | SliceNodeSpec
  | ReduceNodeSpec
  | LayerNormalizationNodeSpec
  | BatchNormalizationNodeSpec
  | DropoutNodeSpec
  | EmbeddingNodeSpec
  | MultiHeadAttentionNodeSpec
  | Pooling2DNodeSpec
  | Pooling1DNodeSpec
  | GlobalPoolingNodeSpec;

/** One loss term comparing a node (default: the model output) with a target. */
export interface LossTermSpec {
  type: LossName;
  /** The node (or input) the term reads; defaults to the model output. */
  output?: string;
  /** Which target the loss compares against; defaults to the only target. */
  target?: string;
  /** Factor of this term in the sum (default 1). */
  weight?: number;
  /** huber only: where the loss turns from quadratic to linear (default 1, as tf.losses.huberLoss). */
  delta?: number;
}
/** The batch mean of a node whose per-sample shape is [] (built from any ops; it may read targets). */
export interface CustomLossSpec {
  type: "custom";
  node: string;
  weight?: number;
}
export type LossSpec = LossTermSpec | CustomLossSpec;

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

/** The backend a spec compiles for (default "js"). */
export type Target = "js" | "wasm";

interface SpecCommon {
  $schema?: string;
  name: string;
  dtype?: DType;
  /** "js" (default): TypeScript loops; "wasm": the same module running a WebAssembly SIMD binary. */
  target?: Target;
  maxBatch?: number;
  seed?: number;
  inputs: Record<string, ShapeSpec>;
  targets: Record<string, ShapeSpec>;
  /** One term, or several summed with their weights. */
  loss: LossSpec | LossSpec[];
  optimizer?: OptimizerSpec;
}
export interface SequentialSpec extends SpecCommon {
  layers: LayerSpec[];
}
export interface GraphSpec extends SpecCommon {
  nodes: Record<string, NodeSpec>;
  /** The output node, or several: the first is the primary output (what `forward` returns). */
  output: string | string[];
}
export type Spec = SequentialSpec | GraphSpec;

// ---- What the compiler consumes (normalized form) ---------------------------------------------
// Shapes are per-sample (the batch dimension is not included); axes are per-sample and
// non-negative, and lists of axes are sorted ascending.

export interface Activation {
  type: ActivationName;
  /** Present (default filled) for leakyRelu and elu only. */
  alpha?: number;
}

export interface NamedShape {
  name: string;
  /** Per-sample shape (the batch dimension is not included). */
  shape: number[];
  dtype: ValueDType;
}

/** What every normalized node has: its name, per-sample output shape and dtype. */
interface NodeCommon {
  name: string;
  /** Per-sample output shape. */
  shape: number[];
  dtype: ValueDType;
}

/**
 * What every convolution layer's normalized node has: kernelSize, strides, dilationRate one entry per
 * spatial axis; pads [before, after] per spatial axis, flattened ([top, bottom, left, right] for the
 * 2-D layers), explicit ("same" resolved).
 */
interface NormalizedConvFields {
  input: string;
  kernelSize: number[];
  strides: number[];
  dilationRate: number[];
  padding: ConvPadding;
  pads: number[];
  activation: Activation;
  useBias: boolean;
  biasInitializer: InitializerName;
}
export type NormalizedNode = NodeCommon &
  (
    | {
        /** On an input of any rank ≥ 1, acting on the last axis (as Keras): shape [...input[:-1], units]. */
        kind: "dense";
        input: string;
        units: number;
        activation: Activation;
        useBias: boolean;
        kernelInitializer: InitializerName;
        biasInitializer: InitializerName;
      }
    | {
        /**
         * maxPooling2d / averagePooling2d on [height, width, channels] and maxPooling1d /
         * averagePooling1d on [steps, channels]: poolSize and strides one entry per spatial axis; pads
         * [before, after] per spatial axis, flattened, explicit ("same" resolved). The global poolings
         * are `reduce` nodes (mean / max over the spatial axes).
         */
        kind: "maxPooling2d" | "averagePooling2d" | "maxPooling1d" | "averagePooling1d";
        input: string;
        poolSize: number[];
        strides: number[];
        padding: ConvPadding;
        pads: number[];
      }
    /** conv2d on [height, width, channels] (spatial rank 2) and conv1d on [steps, channels] (rank 1). */
    | (NormalizedConvFields & { kind: "conv2d" | "conv1d"; filters: number; kernelInitializer: InitializerName })
    /** depthwiseConv2d on [height, width, channels]: output channel c·depthMultiplier + m. */
    | (NormalizedConvFields & { kind: "depthwiseConv2d"; depthMultiplier: number; depthwiseInitializer: InitializerName })
    /** Elementwise sum of ≥ 2 inputs with numpy broadcasting. */
    | { kind: "add"; inputs: string[] }
    | { kind: "binary"; op: BinaryOp; inputs: [string, string] }
    | { kind: "unary"; op: UnaryOp; input: string }
    /** A softmax activation here acts on the last axis. */
    | { kind: "activation"; input: string; activation: Activation }
    | { kind: "scale"; input: string; factor: number }
    /** Row-major, flattened; `shape` is the value's shape ([] for a number). */
    | { kind: "constant"; values: number[] }
    | { kind: "matmul"; inputs: [string, string]; transposeA: boolean; transposeB: boolean }
    /** Reshape and flatten: to `shape` (any -1 resolved). */
    | { kind: "reshape"; input: string }
    | { kind: "transpose"; input: string; perm: number[] }
    | { kind: "concat"; inputs: string[]; axis: number }
    /** `size` resolved (no -1). */
    | { kind: "slice"; input: string; begin: number[]; size: number[] }
    | { kind: "reduce"; op: ReduceOp; input: string; axes: number[]; keepDims: boolean }
    /** softmax over an axis other than the last, and every logSoftmax. */
    | { kind: "softmax"; input: string; axis: number; log: boolean }
    | { kind: "layerNormalization"; input: string; axis: number; epsilon: number; center: boolean; scale: boolean }
    /** `axis` a per-sample axis (normalized, ≥ 0): the statistics are over the batch and every other axis. */
    | { kind: "batchNormalization"; input: string; axis: number; momentum: number; epsilon: number; center: boolean; scale: boolean }
    | { kind: "dropout"; input: string; rate: number }
    | { kind: "embedding"; input: string; inputDim: number; outputDim: number; embeddingsInitializer: InitializerName }
    | {
        kind: "multiHeadAttention";
        query: string;
        /** The query itself for self-attention. */
        value: string;
        numHeads: number;
        keyDim: number;
        causal: boolean;
        useBias: boolean;
      }
  );
export type NodeKind = NormalizedNode["kind"];

export interface NormalizedLossTerm {
  type: LossName | "custom";
  /** The node (or input) the term reads; for custom: the node whose batch mean is the term. */
  output: string;
  /** Absent for custom. */
  target?: string;
  weight: number;
  /** huber only, default filled. */
  delta?: number;
}

export interface NormalizedSpec {
  name: string;
  dtype: DType;
  target: Target;
  maxBatch: number;
  seed: number;
  inputs: NamedShape[];
  targets: NamedShape[];
  /** Topologically ordered; every reference points at an input, a target or an earlier node. */
  nodes: NormalizedNode[];
  /** The primary output (outputs[0].node): its value is what `forward` returns, before the loss's own output transform. */
  output: string;
  /** Name of the primary output in the generated layout ("out" for sequential specs, else `output`). */
  outputName: string;
  /** Every output in order; `name` is its name in the layout (the primary's is `outputName`, others their node name). */
  outputs: { node: string; name: string }[];
  /** The loss terms, summed with their weights. */
  loss: NormalizedLossTerm[];
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
