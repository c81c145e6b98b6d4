// The part of the normalized spec the oracle reads, written out here so that the oracle depends on
// the contract (issue 16's normalized form), not on the compiler's code. Today's NormalizedSpec (one
// loss object, no dtypes) and the N-D one (a loss array, `dtype` on every value) both fit it.
// Per-sample axes are non-negative; `shape` is a node's per-sample output shape.
import type { Activation } from "../../../src/spec/types.ts";

export type ValueDType = "float" | "int32";

export interface OracleValue {
  name: string;
  shape: readonly number[];
  /** Absent: float (today's specs). */
  dtype?: ValueDType;
}

interface Common {
  name: string;
  shape: readonly number[];
  dtype?: ValueDType;
}

/** A convolution layer's fields: sizes one per spatial axis; pads [before, after] per spatial axis ("same" resolved). */
interface ConvFields {
  input: string;
  kernelSize: readonly number[];
  strides: readonly number[];
  dilationRate: readonly number[];
  padding: "valid" | "same";
  pads: readonly number[];
  activation: Activation;
  useBias: boolean;
}
export type OracleNode = Common &
  (
    | { kind: "dense"; input: string; units: number; activation: Activation; useBias: boolean }
    | {
        /** tf.maxPool / tf.avgPool; sizes one per spatial axis; pads [before, after] per spatial axis ("same" resolved). */
        kind: "maxPooling2d" | "averagePooling2d" | "maxPooling1d" | "averagePooling1d";
        input: string;
        poolSize: readonly number[];
        strides: readonly number[];
        padding: "valid" | "same";
        pads: readonly number[];
      }
    /** tf.conv2d / tf.conv1d */
    | (ConvFields & { kind: "conv2d" | "conv1d"; filters: number })
    /** tf.depthwiseConv2d */
    | (ConvFields & { kind: "depthwiseConv2d"; depthMultiplier: number })
    | { kind: "add"; inputs: readonly string[] }
    | { kind: "binary"; op: "sub" | "mul" | "div" | "maximum" | "minimum"; inputs: readonly [string, string] | readonly string[] }
    | { kind: "unary"; op: "exp" | "log" | "sqrt" | "square" | "abs" | "neg"; input: string }
    | { kind: "activation"; input: string; activation: Activation }
    | { kind: "scale"; input: string; factor: number }
    | { kind: "constant"; values: readonly number[] }
    | { kind: "matmul"; inputs: readonly [string, string] | readonly string[]; transposeA: boolean; transposeB: boolean }
    | { kind: "reshape"; input: string }
    | { kind: "transpose"; input: string; perm: readonly number[] }
    | { kind: "concat"; inputs: readonly string[]; axis: number }
    | { kind: "slice"; input: string; begin: readonly number[]; size: readonly number[] }
    | { kind: "reduce"; op: "sum" | "mean" | "max"; input: string; axes: readonly number[]; keepDims: boolean }
    | { kind: "softmax"; input: string; axis: number; log: boolean }
    | { kind: "layerNormalization"; input: string; axis: number; epsilon: number; center: boolean; scale: boolean }
    /** In training mode (what loss() computes): the batch's statistics. */
    | { kind: "batchNormalization"; input: string; axis: number; momentum: number; epsilon: number; center: boolean; scale: boolean }
    /** Only rate 0 has a deterministic value (the identity); others are checked statistically. */
    | { kind: "dropout"; input: string; rate: number }
    | { kind: "embedding"; input: string; inputDim: number; outputDim: number }
    | { kind: "multiHeadAttention"; query: string; value: string; numHeads: number; keyDim: number; causal: boolean; useBias: boolean }
  );

export type OracleLossType =
  | "mse"
  | "meanAbsoluteError"
  | "huber"
  | "softmaxCrossEntropy"
  | "sigmoidCrossEntropy"
  | "sparseSoftmaxCrossEntropy"
  | "custom";

/** One term of the loss sum. Today's single loss object has no `output` (the model output) nor `weight` (1). */
export interface OracleLossTerm {
  type: OracleLossType;
  output?: string;
  target?: string;
  weight?: number;
  delta?: number;
}

export interface OracleSpec {
  inputs: readonly OracleValue[];
  targets: readonly OracleValue[];
  /** Topologically ordered. */
  nodes: readonly OracleNode[];
  /** The primary output (before the loss's softmax / sigmoid). */
  output: string;
  loss: OracleLossTerm | readonly OracleLossTerm[];
}

/** A loss term with its defaults filled. */
export interface LossTerm {
  type: OracleLossType;
  output: string;
  target: string | undefined;
  weight: number;
  delta: number | undefined;
}

/** The loss as an array of terms (today's single object is one term of weight 1 on the model output). */
export function lossTerms(spec: OracleSpec): LossTerm[] {
  const terms: readonly OracleLossTerm[] = Array.isArray(spec.loss) ? spec.loss : [spec.loss as OracleLossTerm];
  return terms.map((t) => ({ type: t.type, output: t.output ?? spec.output, target: t.target, weight: t.weight ?? 1, delta: t.delta }));
}

/** The names a node reads (inputs, targets or earlier nodes). */
export function inputsOf(node: OracleNode): readonly string[] {
  switch (node.kind) {
    case "add":
    case "binary":
    case "matmul":
    case "concat":
      return node.inputs;
    case "constant":
      return [];
    case "multiHeadAttention":
      return node.query === node.value ? [node.query] : [node.query, node.value];
    default:
      return [node.input];
  }
}

export const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);
