// Shared spec fixtures for the spec tests: the two example specs from the issue, as plain JSON data.
export const mnistJson = {
  name: "mnist",
  dtype: "f32",
  maxBatch: 64,
  seed: 1,
  inputs: { x: [784] },
  targets: { y: [10] },
  layers: [
    { type: "dense", units: 128, activation: "relu" },
    { type: "dense", units: 10 },
  ],
  loss: { type: "softmaxCrossEntropy" },
  optimizer: { type: "sgd", lr: 0.01 },
};

export const residualJson = {
  name: "residual",
  dtype: "f64",
  maxBatch: 8,
  inputs: { x: [16] },
  targets: { y: [1] },
  nodes: {
    h1: { type: "dense", input: "x", units: 32, activation: "tanh" },
    h2: { type: "dense", input: "h1", units: 32, activation: "tanh" },
    sum: { type: "add", inputs: ["h1", "h2"] },
    out: { type: "dense", input: "sum", units: 1 },
  },
  output: "out",
  loss: { type: "mse" },
};

/** A graph spec using every tensor node kind, loss terms of every form and several outputs. */
export const TENSOR_SPEC = {
  name: "tensors",
  inputs: { tokens: { shape: [8], dtype: "int32" }, x: [8, 4] },
  targets: { next: { shape: [8], dtype: "int32" }, y: [8, 4] },
  nodes: {
    emb: { type: "embedding", input: "tokens", inputDim: 27, outputDim: 4, embeddingsInitializer: "randomUniform" },
    pos: { type: "constant", value: [[0.1, 0.2, 0.3, 0.4]] },
    h: { type: "add", inputs: ["emb", "pos", "x"] },
    ln: { type: "layerNormalization", input: "h", epsilon: 1e-5, center: false },
    att: { type: "multiHeadAttention", input: "ln", numHeads: 2, keyDim: 2, causal: true },
    cross: { type: "multiHeadAttention", inputs: ["ln", "x"], numHeads: 1, keyDim: 4, useBias: false },
    d: { type: "sub", inputs: ["att", "cross"] },
    p: { type: "mul", inputs: ["d", "x"] },
    q: { type: "div", inputs: ["p", "pos"] },
    hi: { type: "maximum", inputs: ["q", "x"] },
    lo: { type: "minimum", inputs: ["hi", "x"] },
    e: { type: "exp", input: "lo" },
    l: { type: "log", input: "e" },
    r: { type: "sqrt", input: "e" },
    s: { type: "square", input: "r" },
    a: { type: "abs", input: "s" },
    n: { type: "neg", input: "a" },
    k: { type: "scale", input: "n", factor: 0.5 },
    scores: { type: "matmul", inputs: ["k", "l"], transposeB: true },
    w: { type: "softmax", input: "scores", axis: 0 },
    lw: { type: "logSoftmax", input: "w" },
    g: { type: "gelu", input: "lw" },
    t: { type: "transpose", input: "g", perm: [1, 0] },
    f: { type: "flatten", input: "t" },
    rs: { type: "reshape", input: "f", shape: [4, -1] },
    c: { type: "concat", inputs: ["rs", "rs"], axis: 0 },
    sl: { type: "slice", input: "c", begin: [0, 0], size: [8, -1] },
    total: { type: "sum", input: "sl", axes: [0, 1] },
    avg: { type: "mean", input: "sl", axes: -1, keepDims: true },
    top: { type: "max", input: "avg" },
    logits: { type: "dense", input: "ln", units: 27 },
    nll: { type: "add", inputs: ["total", "top"] },
  },
  output: ["logits", "att"],
  loss: [
    { type: "sparseSoftmaxCrossEntropy", target: "next" },
    { type: "mse", output: "att", target: "y", weight: 0.5 },
    { type: "custom", node: "nll", weight: 0.01 },
  ],
};

type Json = Record<string, any>;

/** A deep copy of `base` changed by `edit` (the fixtures themselves are never modified). */
export function mutate(base: object, edit: (spec: Json) => void): Json {
  const copy = structuredClone(base) as Json;
  edit(copy);
  return copy;
}
