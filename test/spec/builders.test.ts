// Builders produce exactly the plain data a user would write in JSON, and it validates the same.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpecError } from "../../compiler/errors.ts";
import { compileFile } from "../../src/cli/compile-file.ts";
import { reportError } from "../../src/cli/report-error.ts";
import * as allBuilders from "../../src/spec/builders.ts";
import {
  adagrad,
  adam,
  adamw,
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
  rmsprop,
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

// ---- Options are as strict as JSON: a misspelt key is an error with its path, never dropped ----

type Builder = (...args: never[]) => unknown;
const wrap = (layer: unknown, optimizer?: unknown) =>
  sequential({
    name: "typo",
    inputs: { x: [4] },
    targets: { y: [1] },
    layers: [layer as never, dense(1)],
    loss: mse(),
    ...(optimizer ? { optimizer: optimizer as never } : {}),
  });
const graphWith = (node: unknown) =>
  graph({
    name: "typo",
    inputs: { x: [4] },
    targets: { y: [4] },
    nodes: { h: node as never },
    output: "h",
    loss: mse(),
  });
const any = (f: Builder) => f as unknown as (...args: unknown[]) => unknown;

/** Builder name → [spec with a misspelt option, path of the key, the key meant]. */
const TYPOS: Record<string, [unknown, string, string]> = {
  dense: [wrap(any(dense)(8, { activaton: "relu" })), "layers[0].activaton", "activation"],
  "dense (graph node)": [graphWith(any(dense)(4, { input: "x", useBais: false })), "nodes.h.useBais", "useBias"],
  ...Object.fromEntries(
    (
      [
        ["identity", identity],
        ["relu", relu],
        ["sigmoid", sigmoid],
        ["tanh", tanh],
        ["softplus", softplus],
        ["gelu", gelu],
        ["silu", silu],
        ["swish", swish],
        ["softmax", softmax],
      ] as const
    ).flatMap(([name, f]) => [
      [name, [wrap(any(f)({ nmae: "a" })), "layers[0].nmae", "name"]],
      [`${name} (graph node)`, [graphWith(any(f)({ inptu: "x" })), "nodes.h.inptu", "input"]],
    ]),
  ),
  leakyRelu: [wrap(any(leakyRelu)(0.1, { nmae: "a" })), "layers[0].nmae", "name"],
  "leakyRelu (graph node)": [graphWith(any(leakyRelu)(0.1, { inptu: "x" })), "nodes.h.inptu", "input"],
  elu: [wrap(any(elu)(undefined, { nmae: "a" })), "layers[0].nmae", "name"],
  "elu (graph node)": [graphWith(any(elu)(1, { inptu: "x" })), "nodes.h.inptu", "input"],
  sgd: [wrap(relu(), any(sgd)(0.1, { momentm: 0.9 })), "optimizer.momentm", "momentum"],
  adam: [wrap(relu(), any(adam)(0.1, { beta_1: 0.8 })), "optimizer.beta_1", "beta1"],
  adamw: [wrap(relu(), any(adamw)(0.1, { weightDecy: 0.1 })), "optimizer.weightDecy", "weightDecay"],
  rmsprop: [wrap(relu(), any(rmsprop)(0.1, { rhoo: 0.8 })), "optimizer.rhoo", "rho"],
  adagrad: [wrap(relu(), any(adagrad)(0.1, { initialAccumulatorValu: 0.2 })), "optimizer.initialAccumulatorValu", "initialAccumulatorValue"],
};

/** Builders that take no options object (so no key can be misspelt), with what they take. */
const WITHOUT_OPTIONS: Record<string, string> = {
  sequential: "the spec itself, validated as a whole",
  graph: "the spec itself, validated as a whole",
  add: "input names",
  mse: "a target name",
  huber: "delta and a target name",
  meanAbsoluteError: "a target name",
  softmaxCrossEntropy: "a target name",
  sigmoidCrossEntropy: "a target name",
};

describe("builder options are validated as strictly as JSON", () => {
  it("every exported builder is covered below", () => {
    const builders = Object.entries(allBuilders).filter(([, v]) => typeof v === "function").map(([k]) => k);
    const covered = new Set([...Object.keys(TYPOS).map((k) => k.split(" ")[0]!), ...Object.keys(WITHOUT_OPTIONS)]);
    expect(builders.filter((b) => !covered.has(b))).toEqual([]);
  });

  it.each(Object.entries(TYPOS))("%s: a misspelt option is an error naming the field and the key meant", (_, [spec, path, meant]) => {
    const error = (() => {
      try {
        validateSpec(spec);
      } catch (e) {
        return e as SpecError;
      }
      throw new Error("accepted a misspelt option");
    })();
    expect(error).toBeInstanceOf(SpecError);
    const key = path.split(".").at(-1)!;
    const line = `${path}: unknown key "${key}"; did you mean "${meant}"? (allowed: `;
    expect(error.message.split("\n").filter((l) => l.startsWith(line)), error.message).toHaveLength(1);
  });

  it("an options argument that is not an object is an error naming the builder", () => {
    expect(() => any(dense)(8, "relu")).toThrow('dense(): options must be an object such as { name: "h1" }, got "relu"');
    expect(() => any(relu)(["x"])).toThrow("relu(): options must be an object");
    expect(() => any(adam)(0.1, 0.9)).toThrow("adam(): options must be an object");
  });

  it("a .ts spec with a misspelt option exits 2 naming the file and the field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tapeless-builders-"));
    try {
      const file = join(dir, "model.net.ts");
      writeFileSync(
        file,
        `import { dense, sequential, mse } from "tapeless";
export default sequential({ name: "m", inputs: { x: [2] }, targets: { y: [1] },
  layers: [dense(8, { activaton: "relu" }), dense(1)], loss: mse() });
`,
      );
      let text = "";
      const code = reportError(await compileFile(file).catch((e: unknown) => e), (t) => (text += t));
      expect(code).toBe(2);
      expect(text).toBe(
        `tapeless: ${file}: layers[0].activaton: unknown key "activaton"; did you mean "activation"? (allowed: type, name, units, activation, alpha, useBias, kernelInitializer, biasInitializer)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
