// A table of small specs (plain JSON) exercising the pooling layers (issue 13): maxPooling2d,
// averagePooling2d, maxPooling1d, averagePooling1d over pool sizes, strides below, equal to and above
// the pool, "valid" and "same" (TensorFlow's pads, before = ⌊total/2⌋, the extra one after), odd sizes
// and 1 to 3 channels; the four global poolings; both spec forms. The pooling under test reads a conv
// layer (tanh, so no ties between maxima), so its ∂L/∂x reaches that layer's parameters. Used by the
// finite-difference check (test/compiler/layers/pool-gradients.test.ts) and the TensorFlow.js oracle
// (test/oracle/pool-layers.test.ts).

type Json = Record<string, unknown>;

export interface PoolCase {
  label: string;
  spec: Json;
}

const graph = (x: number[], filters: number, layer: Json, out: number[]): Json => ({
  name: "pool",
  maxBatch: 3,
  seed: 7,
  inputs: { x },
  targets: { y: out },
  nodes: {
    a: { type: x.length === 3 ? "conv2d" : "conv1d", input: "x", filters, kernelSize: 1, activation: "tanh" },
    c: { input: "a", ...layer },
  },
  output: "c",
  loss: { type: "mse" },
});

export const POOL_CASES: PoolCase[] = [
  // ---- maxPooling2d / averagePooling2d: [height, width, channels]
  { label: "maxPooling2d defaults (2, strides 2, valid), odd [6, 5]", spec: graph([6, 5, 1], 2, { type: "maxPooling2d" }, [3, 2, 2]) },
  { label: "maxPooling2d 2 same, odd [5, 5] (pads [0, 1, 0, 1])", spec: graph([5, 5, 2], 3, { type: "maxPooling2d", padding: "same" }, [3, 3, 3]) },
  {
    label: "maxPooling2d 3 strides 1 same (overlapping windows, pads [1, 1, 1, 1])",
    spec: graph([5, 4, 1], 2, { type: "maxPooling2d", poolSize: 3, strides: 1, padding: "same" }, [5, 4, 2]),
  },
  { label: "maxPooling2d [3, 2] strides [2, 1] valid", spec: graph([7, 5, 2], 1, { type: "maxPooling2d", poolSize: [3, 2], strides: [2, 1] }, [3, 4, 1]) },
  { label: "averagePooling2d defaults, [6, 4], 3 channels", spec: graph([6, 4, 2], 3, { type: "averagePooling2d" }, [3, 2, 3]) },
  {
    label: "averagePooling2d 3 strides 2 same, odd [7, 5] (pads [1, 1, 1, 1]: corners count 4 of 9)",
    spec: graph([7, 5, 1], 2, { type: "averagePooling2d", poolSize: 3, strides: 2, padding: "same" }, [4, 3, 2]),
  },
  {
    label: "averagePooling2d [2, 3] strides 1 same (pads [0, 1, 1, 1])",
    spec: graph([4, 5, 2], 2, { type: "averagePooling2d", poolSize: [2, 3], strides: 1, padding: "same" }, [4, 5, 2]),
  },
  { label: "averagePooling2d 2 strides 3 valid (gaps between windows)", spec: graph([7, 7, 1], 2, { type: "averagePooling2d", poolSize: 2, strides: 3 }, [2, 2, 2]) },
  { label: "maxPooling2d 2 strides 3 same (gaps, pads [0, 0, 0, 1])", spec: graph([6, 7, 1], 2, { type: "maxPooling2d", poolSize: 2, strides: 3, padding: "same" }, [2, 3, 2]) },

  // ---- maxPooling1d / averagePooling1d: [steps, channels]
  { label: "maxPooling1d defaults, odd length 7", spec: graph([7, 2], 2, { type: "maxPooling1d" }, [3, 2]) },
  { label: "maxPooling1d 3 strides 1 same", spec: graph([6, 1], 3, { type: "maxPooling1d", poolSize: 3, strides: 1, padding: "same" }, [6, 3]) },
  { label: "averagePooling1d 2 same, odd length 7 (the last window counts 1)", spec: graph([7, 3], 2, { type: "averagePooling1d", padding: "same" }, [4, 2]) },
  { label: "averagePooling1d [3] strides [2] valid", spec: graph([8, 2], 2, { type: "averagePooling1d", poolSize: [3], strides: [2] }, [3, 2]) },

  // ---- global poolings: [height, width, channels] or [steps, channels] → [channels]
  { label: "globalAveragePooling2d", spec: graph([5, 4, 2], 3, { type: "globalAveragePooling2d" }, [3]) },
  { label: "globalMaxPooling2d", spec: graph([3, 5, 1], 2, { type: "globalMaxPooling2d" }, [2]) },
  { label: "globalAveragePooling1d", spec: graph([6, 2], 3, { type: "globalAveragePooling1d" }, [3]) },
  { label: "globalMaxPooling1d", spec: graph([7, 1], 2, { type: "globalMaxPooling1d" }, [2]) },

  // ---- the sequential form
  {
    label: "layers list: conv2d same relu → maxPooling2d → conv2d → averagePooling2d same → flatten → dense → softmaxCrossEntropy",
    spec: {
      name: "pool-seq",
      maxBatch: 3,
      seed: 3,
      inputs: { x: [7, 6, 1] },
      targets: { y: [3] },
      layers: [
        { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "relu" },
        { type: "maxPooling2d" },
        { type: "conv2d", filters: 2, kernelSize: 2, activation: "tanh" },
        { type: "averagePooling2d", padding: "same" },
        { type: "flatten" },
        { type: "dense", units: 3 },
      ],
      loss: { type: "softmaxCrossEntropy" },
    },
  },
  {
    label: "layers list: conv1d tanh → maxPooling1d same → conv1d → globalMaxPooling1d → dense",
    spec: {
      name: "pool1d-seq",
      maxBatch: 3,
      seed: 3,
      inputs: { x: [9, 2] },
      targets: { y: [2] },
      layers: [
        { type: "conv1d", filters: 3, kernelSize: 3, activation: "tanh" },
        { type: "maxPooling1d", poolSize: 2, padding: "same" },
        { type: "conv1d", filters: 2, kernelSize: 2 },
        { type: "globalMaxPooling1d" },
        { type: "dense", units: 2 },
      ],
      loss: { type: "mse" },
    },
  },
  {
    label: "layers list: conv2d tanh → globalAveragePooling2d → dense",
    spec: {
      name: "gap-seq",
      maxBatch: 3,
      seed: 3,
      inputs: { x: [4, 5, 3] },
      targets: { y: [2] },
      layers: [
        { type: "conv2d", filters: 3, kernelSize: 2, activation: "tanh" },
        { type: "globalAveragePooling2d" },
        { type: "dense", units: 2 },
      ],
      loss: { type: "mse" },
    },
  },
];
