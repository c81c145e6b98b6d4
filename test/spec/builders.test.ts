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
  abs,
  adagrad,
  adam,
  adamw,
  add,
  concat,
  constant,
  customLoss,
  dense,
  div,
  elu,
  embedding,
  exp,
  flatten,
  gelu,
  graph,
  huber,
  identity,
  layerNormalization,
  batchNormalization,
  dropout,
  conv2d,
  conv1d,
  maxPooling2d,
  averagePooling2d,
  maxPooling1d,
  averagePooling1d,
  globalAveragePooling2d,
  globalMaxPooling2d,
  globalAveragePooling1d,
  globalMaxPooling1d,
  depthwiseConv2d,
  leakyRelu,
  log,
  logSoftmax,
  matmul,
  max,
  maximum,
  mean,
  meanAbsoluteError,
  minimum,
  mse,
  mul,
  multiHeadAttention,
  neg,
  relu,
  reshape,
  rmsprop,
  scale,
  sequential,
  sgd,
  sigmoid,
  sigmoidCrossEntropy,
  silu,
  slice,
  softmax,
  softmaxCrossEntropy,
  softplus,
  sparseSoftmaxCrossEntropy,
  sqrt,
  square,
  sub,
  sum,
  swish,
  tanh,
  transpose,
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

  it("build every tensor node exactly as written in JSON", () => {
    const json = {
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
        t: { type: "transpose", input: "lw", perm: [1, 0] },
        f: { type: "flatten", input: "t" },
        rs: { type: "reshape", input: "f", shape: [4, -1] },
        c: { type: "concat", inputs: ["rs", "rs"], axis: 0 },
        sl: { type: "slice", input: "c", begin: [0, 0], size: [8, -1] },
        total: { type: "sum", input: "sl", axes: [0, 1] },
        avg: { type: "mean", input: "sl", axes: -1, keepDims: true },
        top: { type: "max", input: "avg" },
        logits: { type: "dense", input: "ln", units: 27 },
        loss2: { type: "add", inputs: ["total", "top"] },
      },
      output: ["logits", "att"],
      loss: [
        { type: "sparseSoftmaxCrossEntropy", target: "next" },
        { type: "mse", output: "att", target: "y", weight: 0.5 },
        { type: "custom", node: "loss2", weight: 0.01 },
      ],
    };
    const spec = graph({
      name: "tensors",
      inputs: { tokens: { shape: [8], dtype: "int32" }, x: [8, 4] },
      targets: { next: { shape: [8], dtype: "int32" }, y: [8, 4] },
      nodes: {
        emb: embedding(27, 4, { input: "tokens", embeddingsInitializer: "randomUniform" }),
        pos: constant([[0.1, 0.2, 0.3, 0.4]]),
        h: add("emb", "pos", "x"),
        ln: layerNormalization({ input: "h", epsilon: 1e-5, center: false }),
        att: multiHeadAttention(2, 2, { input: "ln", causal: true }),
        cross: multiHeadAttention(1, 4, { inputs: ["ln", "x"], useBias: false }),
        d: sub("att", "cross"),
        p: mul("d", "x"),
        q: div("p", "pos"),
        hi: maximum("q", "x"),
        lo: minimum("hi", "x"),
        e: exp({ input: "lo" }),
        l: log({ input: "e" }),
        r: sqrt({ input: "e" }),
        s: square({ input: "r" }),
        a: abs({ input: "s" }),
        n: neg({ input: "a" }),
        k: scale(0.5, { input: "n" }),
        scores: matmul("k", "l", { transposeB: true }),
        w: softmax({ input: "scores", axis: 0 }),
        lw: logSoftmax({ input: "w" }),
        t: transpose({ input: "lw", perm: [1, 0] }),
        f: flatten({ input: "t" }),
        rs: reshape([4, -1], { input: "f" }),
        c: concat(["rs", "rs"], { axis: 0 }),
        sl: slice([0, 0], [8, -1], { input: "c" }),
        total: sum({ input: "sl", axes: [0, 1] }),
        avg: mean({ input: "sl", axes: -1, keepDims: true }),
        top: max({ input: "avg" }),
        logits: dense(27, { input: "ln" }),
        loss2: add("total", "top"),
      },
      output: ["logits", "att"],
      loss: [
        sparseSoftmaxCrossEntropy("next"),
        mse({ output: "att", target: "y", weight: 0.5 }),
        customLoss("loss2", { weight: 0.01 }),
      ],
    });
    expect(spec).toStrictEqual(json);
    expect(validateSpec(spec)).toStrictEqual(validateSpec(json));
    expect(validateSpec(spec).nodes.map((n) => n.kind)).toContain("multiHeadAttention");
  });

  it("build the single-input tensor layers for a layer list, named by type and position", () => {
    const layers = [
      embedding(27, 8),
      layerNormalization(),
      multiHeadAttention(2, 4, { causal: true }),
      dense(16, { activation: "relu" }),
      scale(2),
      exp(),
      log(),
      sqrt(),
      square(),
      abs(),
      neg(),
      softmax({ axis: 0 }),
      logSoftmax(),
      transpose(),
      transpose({ name: "back" }),
      reshape([-1, 4]),
      flatten(),
      reshape([8, 16]),
      slice([0, 0], [-1, 8]),
      sum({ axes: 0, keepDims: true }),
      mean({ axes: [0] }),
      max(),
    ];
    expect(layers.slice(0, 3)).toStrictEqual([
      { type: "embedding", inputDim: 27, outputDim: 8 },
      { type: "layerNormalization" },
      { type: "multiHeadAttention", numHeads: 2, keyDim: 4, causal: true },
    ]);
    const spec = sequential({
      name: "seq",
      inputs: { tokens: { shape: [8], dtype: "int32" } },
      targets: { y: [] },
      layers,
      loss: mse(),
    });
    const normalized = validateSpec(spec);
    expect(normalized.nodes.map((n) => n.name)).toEqual([
      "embedding1", "layerNormalization1", "multiHeadAttention1", "dense1", "scale1", "exp1", "log1", "sqrt1",
      "square1", "abs1", "neg1", "softmax1", "logSoftmax1", "transpose1", "back", "reshape1", "flatten1",
      "reshape2", "slice1", "sum1", "mean1", "max1",
    ]);
    expect(normalized.nodes.map((n) => n.shape).at(-4)).toEqual([8, 8]);
    expect(normalized.outputs).toEqual([{ node: "max1", name: "out" }]);
  });

  it("build loss terms with an output, a target and a weight", () => {
    expect(mse({ output: "h", weight: 2 })).toStrictEqual({ type: "mse", output: "h", weight: 2 });
    expect(huber(0.5, { target: "y" })).toStrictEqual({ type: "huber", target: "y", delta: 0.5 });
    expect(sparseSoftmaxCrossEntropy()).toStrictEqual({ type: "sparseSoftmaxCrossEntropy" });
    expect(customLoss("nll")).toStrictEqual({ type: "custom", node: "nll" });
    expect(customLoss("nll", { weight: 0.1 })).toStrictEqual({ type: "custom", node: "nll", weight: 0.1 });
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
  ...Object.fromEntries(
    (
      [
        ["exp", exp, "nmae", "name"],
        ["log", log, "nmae", "name"],
        ["sqrt", sqrt, "nmae", "name"],
        ["square", square, "nmae", "name"],
        ["abs", abs, "nmae", "name"],
        ["neg", neg, "nmae", "name"],
        ["softmax", softmax, "axsi", "axis"],
        ["logSoftmax", logSoftmax, "axsi", "axis"],
        ["flatten", flatten, "nmae", "name"],
        ["transpose", transpose, "prem", "perm"],
        ["sum", sum, "axse", "axes"],
        ["mean", mean, "keepdims", "keepDims"],
        ["max", max, "axse", "axes"],
        ["layerNormalization", layerNormalization, "epsilom", "epsilon"],
        ["batchNormalization", batchNormalization, "momentun", "momentum"],
        ["maxPooling2d", maxPooling2d, "poolsize", "poolSize"],
        ["averagePooling2d", averagePooling2d, "stride", "strides"],
        ["maxPooling1d", maxPooling1d, "paddding", "padding"],
        ["averagePooling1d", averagePooling1d, "poolsize", "poolSize"],
        ["globalAveragePooling2d", globalAveragePooling2d, "nmae", "name"],
        ["globalMaxPooling2d", globalMaxPooling2d, "nmae", "name"],
        ["globalAveragePooling1d", globalAveragePooling1d, "nmae", "name"],
        ["globalMaxPooling1d", globalMaxPooling1d, "nmae", "name"],
      ] as const
    ).flatMap(([name, f, typo, meant]) => [
      [`${name} (layer)`, [wrap(any(f)({ [typo]: 1 })), `layers[0].${typo}`, meant]],
      [`${name} (graph node)`, [graphWith(any(f)({ inptu: "x" })), "nodes.h.inptu", "input"]],
    ]),
  ),
  scale: [wrap(any(scale)(2, { nmae: "s" })), "layers[0].nmae", "name"],
  reshape: [graphWith(any(reshape)([4], { inptu: "x" })), "nodes.h.inptu", "input"],
  slice: [graphWith(any(slice)([0], [4], { inptu: "x" })), "nodes.h.inptu", "input"],
  embedding: [wrap(any(embedding)(10, 4, { embeddingInitializer: "zeros" })), "layers[0].embeddingInitializer", "embeddingsInitializer"],
  multiHeadAttention: [wrap(any(multiHeadAttention)(2, 4, { casual: true })), "layers[0].casual", "causal"],
  conv2d: [wrap(any(conv2d)(4, 3, { dilatoinRate: 2 })), "layers[0].dilatoinRate", "dilationRate"],
  dropout: [wrap(any(dropout)(0.5, { nmae: "d" })), "layers[0].nmae", "name"],
  "dropout (graph node)": [graphWith(any(dropout)(0.5, { inptu: "x" })), "nodes.h.inptu", "input"],
  "conv2d (graph node)": [graphWith(any(conv2d)(4, [3, 3], { inptu: "x" })), "nodes.h.inptu", "input"],
  conv1d: [wrap(any(conv1d)(4, 3, { stride: 2 })), "layers[0].stride", "strides"],
  "conv1d (graph node)": [graphWith(any(conv1d)(4, [3], { inptu: "x" })), "nodes.h.inptu", "input"],
  depthwiseConv2d: [wrap(any(depthwiseConv2d)(3, { depthMultiplir: 2 })), "layers[0].depthMultiplir", "depthMultiplier"],
  "depthwiseConv2d (graph node)": [graphWith(any(depthwiseConv2d)([3, 3], { inptu: "x" })), "nodes.h.inptu", "input"],
  matmul: [graphWith(any(matmul)("x", "x", { tranposeB: true })), "nodes.h.tranposeB", "transposeB"],
  concat: [graphWith(any(concat)(["x", "x"], { axsi: 0 })), "nodes.h.axsi", "axis"],
  customLoss: [{ ...graphWith(relu({ input: "x" })), loss: any(customLoss)("h", { wieght: 1 }) }, "loss.wieght", "weight"],
  "mse (options)": [{ ...graphWith(relu({ input: "x" })), loss: any(mse)({ outptu: "h" }) }, "loss.outptu", "output"],
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
  sub: "two input names",
  mul: "two input names",
  div: "two input names",
  maximum: "two input names",
  minimum: "two input names",
  constant: "the value",
  huber: "delta and a target name or options (as mse)",
  meanAbsoluteError: "a target name or options (as mse)",
  softmaxCrossEntropy: "a target name or options (as mse)",
  sigmoidCrossEntropy: "a target name or options (as mse)",
  sparseSoftmaxCrossEntropy: "a target name or options (as mse)",
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
