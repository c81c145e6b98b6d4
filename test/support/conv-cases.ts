// A table of small specs (plain JSON) exercising the conv2d, conv1d and depthwiseConv2d layers (issue 13): valid and
// same padding, strides 1 and 2, dilation 1 and 2, odd and even sizes, 1 and 3 channels, useBias
// false, activations, both spec forms. The layer under test reads another conv layer, so ∂L/∂x of
// the layer under test (conv2d_input_grad) reaches a parameter too. Used by the finite-difference
// check (test/compiler/layers/conv-gradients.test.ts) and the TensorFlow.js oracle
// (test/oracle/conv-layers.test.ts); `fdOnly` says why a case cannot go to TensorFlow.js.

type Json = Record<string, unknown>;

export interface ConvCase {
  label: string;
  spec: Json;
  /** Why TensorFlow.js cannot compute this case (the oracle test checks that it indeed refuses it). */
  fdOnly?: string;
}

/** tfjs 4.22's conv2d / conv1d / depthwiseConv2d assert "either strides or dilations must be 1" (eitherStridesOrDilationsAreOne). */
export const STRIDES_AND_DILATION =
  "strides > 1 together with dilation > 1: tf.conv2d / tf.conv1d / tf.depthwiseConv2d of TensorFlow.js 4.22 refuse it (\"Error in conv2D: Either strides or dilations must be 1\"), so finite differences alone check it";

const graph = (x: number[], first: Json, layer: Json, out: number[]): Json => ({
  name: "conv",
  maxBatch: 3,
  seed: 7,
  inputs: { x },
  targets: { y: out },
  nodes: { a: { input: "x", ...first }, c: { input: "a", ...layer } },
  output: "c",
  loss: { type: "mse" },
});

const c2 = (fields: Json): Json => ({ type: "conv2d", ...fields });
const c1 = (fields: Json): Json => ({ type: "conv1d", ...fields });
const dw = (fields: Json): Json => ({ type: "depthwiseConv2d", ...fields });

export const CONV_CASES: ConvCase[] = [
  // ---- conv2d: [height, width, channels]
  {
    label: "conv2d valid 3×3, stride 1, 1 input channel, odd sizes [7, 5, 1]",
    spec: graph([7, 5, 1], c2({ filters: 3, kernelSize: 2, activation: "tanh" }), c2({ filters: 2, kernelSize: 3 }), [4, 2, 2]),
  },
  {
    label: "conv2d same [3, 2], stride 1, 3 channels",
    spec: graph([5, 5, 2], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), c2({ filters: 3, kernelSize: [3, 2], padding: "same" }), [5, 5, 3]),
  },
  {
    label: "conv2d same 3×3, stride 2, odd [7, 5] (pads [1, 1, 1, 1])",
    spec: graph([7, 5, 1], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), c2({ filters: 2, kernelSize: 3, strides: 2, padding: "same" }), [4, 3, 2]),
  },
  {
    label: "conv2d same 2×2, stride 2, [5, 5] (pads [0, 1, 0, 1]: even kernel: the extra pad at the bottom / right)",
    spec: graph([5, 5, 2], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), c2({ filters: 2, kernelSize: 2, strides: 2, padding: "same" }), [3, 3, 2]),
  },
  {
    label: "conv2d valid [2, 3], strides [2, 1]",
    spec: graph([7, 6, 1], c2({ filters: 3, kernelSize: 2, activation: "tanh" }), c2({ filters: 2, kernelSize: [2, 3], strides: [2, 1] }), [3, 3, 2]),
  },
  {
    label: "conv2d same 3×3, dilation 2",
    spec: graph([6, 7, 1], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), c2({ filters: 2, kernelSize: 3, dilationRate: 2, padding: "same" }), [6, 7, 2]),
  },
  {
    label: "conv2d valid 2×2, dilation [2, 1], useBias false, relu",
    spec: graph(
      [6, 5, 3],
      c2({ filters: 3, kernelSize: 2, activation: "tanh" }),
      c2({ filters: 2, kernelSize: 2, dilationRate: [2, 1], useBias: false, activation: "relu" }),
      [3, 3, 2],
    ),
  },
  {
    label: "conv2d same 3×3, stride 2, dilation 2",
    spec: graph([7, 6, 1], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), c2({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2, padding: "same" }), [4, 3, 2]),
    fdOnly: STRIDES_AND_DILATION,
  },
  {
    label: "conv2d valid 2×2, strides [2, 1], dilation [1, 2], elu",
    spec: graph([7, 7, 1], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), c2({ filters: 2, kernelSize: 2, strides: [2, 1], dilationRate: [1, 2], activation: "elu" }), [3, 5, 2]),
    fdOnly: STRIDES_AND_DILATION,
  },
  {
    label: "conv2d 1×1 (a dense map per pixel), sigmoid",
    spec: graph([3, 4, 3], c2({ filters: 3, kernelSize: 2, activation: "tanh" }), c2({ filters: 4, kernelSize: 1, activation: "sigmoid" }), [2, 3, 4]),
  },

  // ---- conv1d: [steps, channels]
  {
    label: "conv1d valid 3, stride 1",
    spec: graph([7, 1], c1({ filters: 3, kernelSize: 2, activation: "tanh" }), c1({ filters: 2, kernelSize: 3 }), [4, 2]),
  },
  {
    label: "conv1d same 4 (even), stride 2, odd length 7",
    spec: graph([7, 2], c1({ filters: 3, kernelSize: 1, activation: "tanh" }), c1({ filters: 2, kernelSize: [4], strides: 2, padding: "same" }), [4, 2]),
  },
  {
    label: "conv1d same 3, dilation 2",
    spec: graph([6, 3], c1({ filters: 3, kernelSize: 1, activation: "tanh" }), c1({ filters: 2, kernelSize: 3, dilationRate: 2, padding: "same" }), [6, 2]),
  },
  {
    label: "conv1d valid 2, stride 3, useBias false, tanh",
    spec: graph([9, 1], c1({ filters: 3, kernelSize: 1, activation: "tanh" }), c1({ filters: 3, kernelSize: 2, strides: 3, useBias: false, activation: "tanh" }), [3, 3]),
  },
  {
    label: "conv1d same 3, stride 2, dilation 2",
    spec: graph([8, 1], c1({ filters: 3, kernelSize: 1, activation: "tanh" }), c1({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2, padding: "same" }), [4, 2]),
    fdOnly: STRIDES_AND_DILATION,
  },

  // ---- depthwiseConv2d: [height, width, channels], output channel c·depthMultiplier + m
  {
    label: "depthwiseConv2d valid 3×3, multiplier 1, 3 channels, odd sizes [7, 5]",
    spec: graph([7, 5, 2], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), dw({ kernelSize: 3 }), [5, 3, 3]),
  },
  {
    label: "depthwiseConv2d same [3, 2], multiplier 2, 3 channels",
    spec: graph([5, 5, 2], c2({ filters: 3, kernelSize: 1, activation: "tanh" }), dw({ kernelSize: [3, 2], depthMultiplier: 2, padding: "same" }), [5, 5, 6]),
  },
  {
    label: "depthwiseConv2d same 2×2, stride 2, multiplier 3, 1 channel, relu (pads [0, 1, 0, 1])",
    spec: graph([5, 5, 1], c2({ filters: 1, kernelSize: 1, activation: "tanh" }), dw({ kernelSize: 2, strides: 2, depthMultiplier: 3, padding: "same", activation: "relu" }), [3, 3, 3]),
  },
  {
    label: "depthwiseConv2d valid [2, 3], strides [2, 1], multiplier 2, useBias false",
    spec: graph([7, 6, 2], c2({ filters: 2, kernelSize: 2, activation: "tanh" }), dw({ kernelSize: [2, 3], strides: [2, 1], depthMultiplier: 2, useBias: false }), [3, 3, 4]),
  },
  {
    label: "depthwiseConv2d same 3×3, dilation 2, multiplier 2, tanh",
    spec: graph([6, 7, 1], c2({ filters: 2, kernelSize: 1, activation: "tanh" }), dw({ kernelSize: 3, dilationRate: 2, depthMultiplier: 2, padding: "same", activation: "tanh" }), [6, 7, 4]),
  },
  {
    label: "depthwiseConv2d same 3×3, stride 2, dilation 2, multiplier 2",
    spec: graph([7, 6, 1], c2({ filters: 2, kernelSize: 1, activation: "tanh" }), dw({ kernelSize: 3, strides: 2, dilationRate: 2, depthMultiplier: 2, padding: "same" }), [4, 3, 4]),
    fdOnly: STRIDES_AND_DILATION,
  },

  // ---- the sequential form
  {
    label: "layers list: conv2d same relu → conv2d stride 2 → flatten → dense → softmaxCrossEntropy",
    spec: {
      name: "conv-seq",
      maxBatch: 3,
      seed: 3,
      inputs: { x: [6, 5, 1] },
      targets: { y: [3] },
      layers: [
        { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "relu" },
        { type: "conv2d", filters: 2, kernelSize: 2, strides: 2 },
        { type: "flatten" },
        { type: "dense", units: 3 },
      ],
      loss: { type: "softmaxCrossEntropy" },
    },
  },
  {
    label: "layers list: conv2d → depthwiseConv2d same relu, multiplier 2 → flatten → dense",
    spec: {
      name: "depthwise-seq",
      maxBatch: 3,
      seed: 3,
      inputs: { x: [6, 5, 1] },
      targets: { y: [3] },
      layers: [
        { type: "conv2d", filters: 2, kernelSize: 2, activation: "tanh" },
        { type: "depthwiseConv2d", kernelSize: 3, depthMultiplier: 2, padding: "same", activation: "relu" },
        { type: "flatten" },
        { type: "dense", units: 3 },
      ],
      loss: { type: "softmaxCrossEntropy" },
    },
  },
  {
    label: "layers list: conv1d same → conv1d valid → flatten → dense",
    spec: {
      name: "conv1d-seq",
      maxBatch: 3,
      seed: 3,
      inputs: { x: [8, 2] },
      targets: { y: [2] },
      layers: [
        { type: "conv1d", filters: 3, kernelSize: 3, padding: "same", activation: "tanh" },
        { type: "conv1d", filters: 2, kernelSize: 2, strides: 2 },
        { type: "flatten" },
        { type: "dense", units: 2 },
      ],
      loss: { type: "mse" },
    },
  },
];
