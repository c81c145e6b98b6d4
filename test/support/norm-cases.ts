// A table of small specs (plain JSON) exercising the layers whose training and inference differ
// (issue 13): batchNormalization (axis last or not, center / scale off, after dense and conv2d
// layers, strided and padded, odd sizes, channel counts) and dropout (after dense and conv layers).
// The layer under test reads another layer with parameters, so its ∂L/∂x reaches a parameter too.
// Used by the finite-difference check (test/compiler/layers/norm-gradients.test.ts).

type Json = Record<string, unknown>;

export interface NormCase {
  label: string;
  spec: Json;
  /**
   * Parameters whose gradient is 0 in exact arithmetic: a bias added right before a batch
   * normalization along the same axis (normalizing subtracts the batch mean, so the shift cancels).
   */
  zeroGradient?: string[];
}

const graph = (x: number[], first: Json, layer: Json, out: number[], after?: Json): Json => ({
  name: "norm",
  maxBatch: 3,
  seed: 7,
  inputs: { x },
  targets: { y: out },
  nodes: { a: { input: "x", ...first }, c: { input: "a", ...layer }, ...(after ? { d: { input: "c", ...after } } : {}) },
  output: after ? "d" : "c",
  loss: { type: "mse" },
});

const bn = (fields: Json = {}): Json => ({ type: "batchNormalization", ...fields });
const conv = (fields: Json): Json => ({ type: "conv2d", ...fields });
const dense = (units: number, activation?: string): Json => ({ type: "dense", units, ...(activation ? { activation } : {}) });

export const BATCH_NORM_CASES: NormCase[] = [
  { label: "batchNormalization after dense [6] (axis -1)", spec: graph([4], dense(6, "tanh"), bn(), [6]) },
  { label: "batchNormalization after dense, then a dense layer (∂L/∂x through the batch statistics)", spec: graph([4], dense(5), bn(), [2], dense(2, "tanh")), zeroGradient: ["a.bias"] },
  { label: "batchNormalization after conv2d same 3×3 [5, 5, 2] → 3 channels", spec: graph([5, 5, 2], conv({ filters: 3, kernelSize: 3, padding: "same" }), bn(), [5, 5, 3]), zeroGradient: ["a.bias"] },
  { label: "batchNormalization after conv2d valid, stride 2, odd [7, 5, 1]", spec: graph([7, 5, 1], conv({ filters: 2, kernelSize: 3, strides: 2 }), bn({ momentum: 0.9 }), [3, 2, 2]), zeroGradient: ["a.bias"] },
  { label: "batchNormalization axis 1 of [4, 3, 2] (not the last axis)", spec: graph([4, 3, 2], conv({ filters: 2, kernelSize: 1 }), bn({ axis: 0 }), [4, 3, 2]) },
  { label: "batchNormalization center false, epsilon 0.01", spec: graph([3, 3, 2], conv({ filters: 3, kernelSize: 2, padding: "same" }), bn({ center: false, epsilon: 0.01 }), [3, 3, 3]), zeroGradient: ["a.bias"] },
  { label: "batchNormalization scale false", spec: graph([3, 3, 2], conv({ filters: 3, kernelSize: 2, padding: "same" }), bn({ scale: false }), [3, 3, 3]), zeroGradient: ["a.bias"] },
  { label: "batchNormalization center and scale false, then relu", spec: graph([4], dense(5), bn({ center: false, scale: false }), [5], { type: "relu" }), zeroGradient: ["a.bias"] },
];

export const DROPOUT_CASES: NormCase[] = [
  { label: "dropout 0.5 between dense layers", spec: graph([4], dense(6, "tanh"), { type: "dropout", rate: 0.5 }, [2], dense(2)) },
  { label: "dropout 0.25 after conv2d", spec: graph([4, 4, 2], conv({ filters: 3, kernelSize: 3, padding: "same", activation: "relu" }), { type: "dropout", rate: 0.25 }, [4, 4, 3]) },
  {
    label: "dense → batchNormalization → dropout 0.3 → dense (both kinds of mode at once)",
    spec: {
      name: "norm",
      maxBatch: 3,
      seed: 7,
      inputs: { x: [5] },
      targets: { y: [3] },
      layers: [dense(4), bn(), { type: "dropout", rate: 0.3 }, dense(3)],
      loss: { type: "mse" },
    },
    zeroGradient: ["dense1.bias"],
  },
];
