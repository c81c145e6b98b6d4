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

type Json = Record<string, any>;

/** A deep copy of `base` changed by `edit` (the fixtures themselves are never modified). */
export function mutate(base: object, edit: (spec: Json) => void): Json {
  const copy = structuredClone(base) as Json;
  edit(copy);
  return copy;
}
