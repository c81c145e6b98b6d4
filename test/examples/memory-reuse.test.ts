// The arena's reuse of memory at run time (test/support/reuse-check.ts) on every example and on
// networks where the planner shares memory heavily: deep, residual (skip connections), fan-out.
import { describe, it } from "vitest";
import { exampleSpecs } from "../support/examples.ts";
import { compileAndLoad, specBatch } from "../support/compile-example.ts";
import { checkMemoryReuse } from "../support/reuse-check.ts";

const deep = {
  name: "deep",
  maxBatch: 6,
  inputs: { x: [5] },
  targets: { y: [3] },
  layers: [
    ...["tanh", "relu", "elu", "gelu", "silu", "leakyRelu", "sigmoid", "softplus"].map((activation) => ({ type: "dense", units: 7, activation })),
    { type: "dense", units: 3 },
  ],
  loss: { type: "mse" },
  optimizer: { type: "adam" },
};

const residual = {
  name: "skips",
  maxBatch: 5,
  inputs: { x: [6] },
  targets: { y: [4] },
  nodes: {
    a: { type: "dense", input: "x", units: 6, activation: "elu", alpha: 0.5 },
    b: { type: "dense", input: "a", units: 6, activation: "tanh" },
    ab: { type: "add", inputs: ["a", "b"] },
    c: { type: "dense", input: "ab", units: 6, activation: "relu" },
    abc: { type: "add", inputs: ["ab", "c", "x"] },
    d: { type: "dense", input: "abc", units: 6, activation: "silu" },
    out: { type: "dense", input: "d", units: 4 },
  },
  output: "out",
  loss: { type: "softmaxCrossEntropy" },
  optimizer: { type: "rmsprop" },
};

const fanOut = {
  name: "fanout",
  maxBatch: 4,
  inputs: { x: [8] },
  targets: { y: [2] },
  nodes: {
    h: { type: "dense", input: "x", units: 8, activation: "sigmoid" },
    p: { type: "dense", input: "h", units: 8, activation: "leakyRelu", alpha: 0.2 },
    q: { type: "dense", input: "h", units: 8, activation: "gelu" },
    r: { type: "tanh", input: "h" },
    s: { type: "add", inputs: ["p", "q", "r", "h", "h"] },
    out: { type: "dense", input: "s", units: 2 },
  },
  output: "out",
  loss: { type: "sigmoidCrossEntropy" },
  optimizer: { type: "sgd" },
};

const planned: [string, unknown][] = [
  ["deep (9 dense layers)", deep],
  ["residual (skips over one and two layers)", residual],
  ["fan-out (one value read by five)", fanOut],
];

describe("memory reuse at run time", async () => {
  const specs = [...(await exampleSpecs()), ...planned];
  it.each(specs)("%s", async (_name, spec) => {
    const { module } = await compileAndLoad(spec);
    const rowsB = Math.max(1, module.layout.maxBatch - 1);
    const a = specBatch(spec, module, module.layout.maxBatch, 1);
    const b = specBatch(spec, module, rowsB, 2);
    checkMemoryReuse(module, 7, { args: a.args, rows: module.layout.maxBatch }, { args: b.args, rows: rowsB });
  });
});
