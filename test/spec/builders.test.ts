// Builders produce exactly the plain data a user would write in JSON, and it validates the same.
import { describe, expect, it } from "vitest";
import {
  adagrad,
  add,
  dense,
  elu,
  gelu,
  graph,
  huber,
  identity,
  leakyRelu,
  meanAbsoluteError,
  mse,
  relu,
  sequential,
  sgd,
  sigmoid,
  sigmoidCrossEntropy,
  silu,
  softmax,
  softmaxCrossEntropy,
  softplus,
  swish,
  tanh,
} from "../../src/spec/builders.ts";
import { validateSpec } from "../../src/spec/index.ts";
import { mnistJson, residualJson } from "./fixtures.ts";

describe("spec builders", () => {
  it("build the mnist example exactly as written in JSON", () => {
    const spec = sequential({
      name: "mnist",
      dtype: "f32",
      maxBatch: 64,
      seed: 1,
      inputs: { x: [784] },
      targets: { y: [10] },
      layers: [dense(128, { activation: "relu" }), dense(10)],
      loss: softmaxCrossEntropy(),
      optimizer: sgd(0.01),
    });
    expect(spec).toStrictEqual(mnistJson);
    expect(validateSpec(spec)).toStrictEqual(validateSpec(mnistJson));
  });

  it("build the residual example exactly as written in JSON", () => {
    const spec = graph({
      name: "residual",
      dtype: "f64",
      maxBatch: 8,
      inputs: { x: [16] },
      targets: { y: [1] },
      nodes: {
        h1: dense(32, { input: "x", activation: "tanh" }),
        h2: dense(32, { input: "h1", activation: "tanh" }),
        sum: add("h1", "h2"),
        out: dense(1, { input: "sum" }),
      },
      output: "out",
      loss: mse(),
    });
    expect(spec).toStrictEqual(residualJson);
    expect(validateSpec(spec)).toStrictEqual(validateSpec(residualJson));
  });

  it("build activation layers and nodes without undefined keys", () => {
    expect(relu()).toStrictEqual({ type: "relu" });
    expect(tanh({ name: "t" })).toStrictEqual({ type: "tanh", name: "t" });
    expect(softmax({ input: "h" })).toStrictEqual({ type: "softmax", input: "h" });
    expect(leakyRelu()).toStrictEqual({ type: "leakyRelu" });
    expect(leakyRelu(0.1)).toStrictEqual({ type: "leakyRelu", alpha: 0.1 });
    expect(elu(0.5, { input: "h" })).toStrictEqual({ type: "elu", input: "h", alpha: 0.5 });
    expect(elu(undefined, { name: "e" })).toStrictEqual({ type: "elu", name: "e" });
    expect([identity(), sigmoid(), softplus(), gelu(), silu()].map((a) => a.type)).toEqual([
      "identity",
      "sigmoid",
      "softplus",
      "gelu",
      "silu",
    ]);
    expect(dense(4, { name: "d", activation: "leakyRelu", alpha: 0.3, useBias: false })).toStrictEqual({
      type: "dense",
      name: "d",
      units: 4,
      activation: "leakyRelu",
      alpha: 0.3,
      useBias: false,
    });
  });

  it("build losses and optimizers", () => {
    expect(mse("y")).toStrictEqual({ type: "mse", target: "y" });
    expect(sigmoidCrossEntropy()).toStrictEqual({ type: "sigmoidCrossEntropy" });
    expect(sgd()).toStrictEqual({ type: "sgd" });
  });

  it("produce specs that validate, every activation builder included", () => {
    const layers = [
      dense(8),
      identity(),
      relu(),
      leakyRelu(0.1),
      elu(),
      sigmoid(),
      tanh(),
      softplus(),
      gelu(),
      silu(),
      dense(3),
      softmax(),
    ];
    const spec = sequential({
      name: "all",
      inputs: { x: [4] },
      targets: { y: [3] },
      layers,
      loss: mse(),
      optimizer: sgd(0.1),
    });
    const normalized = validateSpec(spec);
    expect(normalized.nodes.map((n) => n.name)).toEqual([
      "dense1",
      "identity1",
      "relu1",
      "leakyRelu1",
      "elu1",
      "sigmoid1",
      "tanh1",
      "softplus1",
      "gelu1",
      "silu1",
      "dense2",
      "softmax1",
    ]);
    expect(normalized.nodes[3]).toMatchObject({ activation: { type: "leakyRelu", alpha: 0.1 } });
    expect(normalized.optimizer).toEqual({ type: "sgd", lr: 0.1, momentum: 0, nesterov: false, l2: 0, clipNorm: null, skipNonFinite: true });
  });

  it.each([
    ["huber()", huber(), { type: "huber" }],
    ["huber(0.5, \"y\")", huber(0.5, "y"), { type: "huber", target: "y", delta: 0.5 }],
    ["meanAbsoluteError()", meanAbsoluteError(), { type: "meanAbsoluteError" }],
    ["adagrad()", adagrad(), { type: "adagrad" }],
    ["adagrad(0.1, …)", adagrad(0.1, { initialAccumulatorValue: 0.5, skipNonFinite: false }), { type: "adagrad", lr: 0.1, initialAccumulatorValue: 0.5, skipNonFinite: false }],
    ["swish()", swish(), { type: "swish" }],
  ] as const)("%s gives plain data that validates", (_name, built, json) => {
    expect(built).toStrictEqual(json);
    const spec = { name: "m", inputs: { x: [3] }, targets: { y: [3] }, layers: [dense(3)], loss: mse() };
    const field = "layers" in json || json.type === "swish" ? "layers" : json.type === "adagrad" ? "optimizer" : "loss";
    const withPart = field === "layers" ? { ...spec, layers: [dense(3), built] } : { ...spec, [field]: built };
    expect(() => validateSpec(withPart)).not.toThrow();
  });

  it("type-check graph outputs against node names", () => {
    const build = () =>
      graph({
        name: "g",
        inputs: { x: [2] },
        targets: { y: [2] },
        nodes: { a: tanh({ input: "x" }) },
        // @ts-expect-error "b" is not a node
        output: "b",
        loss: mse(),
      });
    expect(() => validateSpec(build())).toThrow('output: unknown node "b"');
  });
});
