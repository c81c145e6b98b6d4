// validateSpec on the tensor spec of issue 16: the normalized form of every node kind (defaults
// filled, axes non-negative, shapes and dtypes inferred), loss terms and several outputs, and a
// table of bad specs, each naming the field and the shapes involved.
import { describe, expect, it } from "vitest";
import { SpecError } from "../../compiler/errors.ts";
import { specDiagnostics } from "../../src/spec/diagnostics.ts";
import { validateSpec } from "../../src/spec/validate.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";

type Json = Record<string, unknown>;

/** A graph spec reading x [4, 3], tokens (int32 [4]), b3 [2, 4, 3] and target y [4, 3], whose output is `out`. */
function net(nodes: Json, extra: Json = {}): Json {
  return {
    name: "t",
    inputs: { x: [4, 3], tokens: { shape: [4], dtype: "int32" }, b3: [2, 4, 3] },
    targets: { y: [4, 3] },
    nodes,
    output: "out",
    loss: { type: "custom", node: "nll" },
    ...extra,
  };
}
/** `nodes` plus a scalar loss node reading `out`, so any output shape validates. */
const withLoss = (nodes: Json): Json => ({ ...nodes, nll: { type: "sum", input: "out" } });
const nodeOf = (spec: Json, name = "out"): NormalizedNode => validateSpec(spec).nodes.find((n) => n.name === name)!;

function errorOf(spec: unknown): SpecError {
  try {
    validateSpec(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error("expected validateSpec to throw");
}

// prettier-ignore
const goodNodes: [string, Json, Partial<NormalizedNode> & Json][] = [
  ["dense on a rank-2 input maps the last axis", { type: "dense", input: "x", units: 5 }, { kind: "dense", shape: [4, 5], dtype: "float", kernelInitializer: "glorotUniform" }],
  ["add broadcasts", { type: "add", inputs: ["x", "row", "x"] }, { kind: "add", inputs: ["x", "row", "x"], shape: [4, 3] }],
  ["sub", { type: "sub", inputs: ["x", "row"] }, { kind: "binary", op: "sub", inputs: ["x", "row"], shape: [4, 3] }],
  ["mul with a per-sample scalar", { type: "mul", inputs: ["s", "x"] }, { kind: "binary", op: "mul", shape: [4, 3] }],
  ["div broadcasting both ways", { type: "div", inputs: ["col", "row"] }, { kind: "binary", op: "div", shape: [4, 3] }],
  ["maximum", { type: "maximum", inputs: ["x", "x"] }, { kind: "binary", op: "maximum" }],
  ["minimum", { type: "minimum", inputs: ["x", "x"] }, { kind: "binary", op: "minimum" }],
  ["exp", { type: "exp", input: "x" }, { kind: "unary", op: "exp", input: "x", shape: [4, 3] }],
  ["neg", { type: "neg", input: "x" }, { kind: "unary", op: "neg" }],
  ["an activation", { type: "leakyRelu", input: "x" }, { kind: "activation", activation: { type: "leakyRelu", alpha: 0.2 }, shape: [4, 3] }],
  ["scale", { type: "scale", input: "x", factor: -2 }, { kind: "scale", factor: -2, shape: [4, 3] }],
  ["constant number", { type: "constant", value: 2.5 }, { kind: "constant", values: [2.5], shape: [] }],
  ["constant nested array, row-major", { type: "constant", value: [[1, 2, 3], [4, 5, 6]] }, { kind: "constant", values: [1, 2, 3, 4, 5, 6], shape: [2, 3] }],
  ["matmul", { type: "matmul", inputs: ["x", "two"], transposeB: true }, { kind: "matmul", inputs: ["x", "two"], transposeA: false, transposeB: true, shape: [4, 2] }],
  ["matmul with transposeB", { type: "matmul", inputs: ["x", "x"], transposeB: true }, { kind: "matmul", transposeB: true, shape: [4, 4] }],
  ["matmul with transposeA", { type: "matmul", inputs: ["x", "x"], transposeA: true }, { kind: "matmul", transposeA: true, shape: [3, 3] }],
  ["batched matmul", { type: "matmul", inputs: ["b3", "b3"], transposeB: true }, { kind: "matmul", shape: [2, 4, 4] }],
  ["reshape with -1", { type: "reshape", input: "x", shape: [2, -1, 3] }, { kind: "reshape", input: "x", shape: [2, 2, 3] }],
  ["reshape to a scalar", { type: "reshape", input: "s", shape: [] }, { kind: "reshape", shape: [] }],
  ["flatten is a reshape", { type: "flatten", input: "b3" }, { kind: "reshape", input: "b3", shape: [24] }],
  ["transpose reverses by default", { type: "transpose", input: "b3" }, { kind: "transpose", perm: [2, 1, 0], shape: [3, 4, 2] }],
  ["transpose with negative axes", { type: "transpose", input: "b3", perm: [0, -1, -2] }, { kind: "transpose", perm: [0, 2, 1], shape: [2, 3, 4] }],
  ["concat on the last axis by default", { type: "concat", inputs: ["x", "x", "w"] }, { kind: "concat", axis: 1, shape: [4, 8] }],
  ["concat on axis 0", { type: "concat", inputs: ["x", "x"], axis: 0 }, { kind: "concat", axis: 0, shape: [8, 3] }],
  ["slice with -1 resolved", { type: "slice", input: "x", begin: [1, 1], size: [-1, 2] }, { kind: "slice", begin: [1, 1], size: [3, 2], shape: [3, 2] }],
  ["sum over every axis", { type: "sum", input: "x" }, { kind: "reduce", op: "sum", axes: [0, 1], keepDims: false, shape: [] }],
  ["mean over -1 keeping dims", { type: "mean", input: "x", axes: -1, keepDims: true }, { kind: "reduce", op: "mean", axes: [1], keepDims: true, shape: [4, 1] }],
  ["max over sorted axes", { type: "max", input: "b3", axes: [2, 0] }, { kind: "reduce", op: "max", axes: [0, 2], shape: [4] }],
  ["softmax on the last axis stays an activation", { type: "softmax", input: "x", axis: -1 }, { kind: "activation", activation: { type: "softmax" }, shape: [4, 3] }],
  ["softmax on another axis", { type: "softmax", input: "x", axis: 0 }, { kind: "softmax", axis: 0, log: false, shape: [4, 3] }],
  ["logSoftmax", { type: "logSoftmax", input: "x" }, { kind: "softmax", axis: 1, log: true }],
  ["layerNormalization defaults", { type: "layerNormalization", input: "x" }, { kind: "layerNormalization", axis: 1, epsilon: 0.001, center: true, scale: true, shape: [4, 3] }],
  ["layerNormalization options", { type: "layerNormalization", input: "x", axis: 0, epsilon: 1e-5, center: false, scale: false }, { kind: "layerNormalization", axis: 0, epsilon: 1e-5, center: false, scale: false }],
  ["embedding of int32 indices", { type: "embedding", input: "tokens", inputDim: 27, outputDim: 8 }, { kind: "embedding", inputDim: 27, outputDim: 8, embeddingsInitializer: "randomUniform", shape: [4, 8], dtype: "float" }],
  ["self-attention", { type: "multiHeadAttention", input: "x", numHeads: 2, keyDim: 5 }, { kind: "multiHeadAttention", query: "x", value: "x", numHeads: 2, keyDim: 5, causal: false, useBias: true, shape: [4, 3] }],
  ["cross-attention", { type: "multiHeadAttention", inputs: ["x", "w"], numHeads: 1, keyDim: 3, causal: true, useBias: false }, { kind: "multiHeadAttention", query: "x", value: "w", causal: true, useBias: false, shape: [4, 3] }],
];

const helpers: Json = {
  row: { type: "constant", value: [1, 2, 3] },
  col: { type: "constant", value: [[1], [2], [3], [4]] },
  two: { type: "constant", value: [[1, 2, 3], [4, 5, 6]] },
  s: { type: "sum", input: "x" },
  w: { type: "dense", input: "x", units: 2 },
  s1: { type: "sum", input: "x", axes: 1 },
};

describe("the normalized form of every node kind", () => {
  it.each(goodNodes)("%s", (_what, node, expected) => {
    const normalized = nodeOf(net(withLoss({ ...helpers, out: node })));
    expect(normalized).toMatchObject({ name: "out", dtype: "float", ...expected });
  });

  it("int32 values move through reshape, transpose, slice and concat and keep their dtype", () => {
    const spec = net(
      withLoss({
        r: { type: "reshape", input: "tokens", shape: [2, 2] },
        t: { type: "transpose", input: "r" },
        sl: { type: "slice", input: "t", begin: [0, 0], size: [-1, 1] },
        c: { type: "concat", inputs: ["sl", "sl"] },
        f: { type: "flatten", input: "c" },
        out: { type: "embedding", input: "f", inputDim: 10, outputDim: 3 },
      }),
    );
    const nodes = validateSpec(spec).nodes;
    expect(nodes.map((n) => [n.name, n.dtype, n.shape])).toEqual([
      ["r", "int32", [2, 2]],
      ["t", "int32", [2, 2]],
      ["sl", "int32", [2, 1]],
      ["c", "int32", [2, 2]],
      ["f", "int32", [4]],
      ["out", "float", [4, 3]],
      ["nll", "float", []],
    ]);
  });

  it("inputs and targets carry their dtype", () => {
    const normalized = validateSpec(net(withLoss({ out: { type: "tanh", input: "x" } })));
    expect(normalized.inputs).toEqual([
      { name: "x", shape: [4, 3], dtype: "float" },
      { name: "tokens", shape: [4], dtype: "int32" },
      { name: "b3", shape: [2, 4, 3], dtype: "float" },
    ]);
    expect(normalized.targets).toEqual([{ name: "y", shape: [4, 3], dtype: "float" }]);
    const explicit = validateSpec({ ...net(withLoss({ out: { type: "tanh", input: "x" } })), targets: { y: { shape: [4, 3] } } });
    expect(explicit.targets).toEqual([{ name: "y", shape: [4, 3], dtype: "float" }]);
  });

  it("the softmax activation of a dense layer and a softmax layer stay activations", () => {
    const spec = {
      name: "s",
      inputs: { x: [3, 4] },
      targets: { y: [3, 2] },
      layers: [{ type: "dense", units: 2, activation: "softmax" }, { type: "softmax" }],
      loss: { type: "mse" },
    };
    const [d, s] = validateSpec(spec).nodes;
    expect(d).toMatchObject({ kind: "dense", activation: { type: "softmax" }, shape: [3, 2] });
    expect(s).toMatchObject({ kind: "activation", activation: { type: "softmax" }, shape: [3, 2] });
  });
});

describe("loss terms and several outputs", () => {
  const lm = {
    name: "lm",
    inputs: { tokens: { shape: [6], dtype: "int32" } },
    targets: { next: { shape: [6], dtype: "int32" }, y: [6, 4] },
    nodes: {
      emb: { type: "embedding", input: "tokens", inputDim: 10, outputDim: 4 },
      logits: { type: "dense", input: "emb", units: 10 },
      diff: { type: "sub", inputs: ["emb", "y"] },
      sq: { type: "square", input: "diff" },
      penalty: { type: "mean", input: "sq" },
    },
    output: ["logits", "emb"],
    loss: [
      { type: "sparseSoftmaxCrossEntropy", target: "next" },
      { type: "custom", node: "penalty", weight: 0.25 },
      { type: "huber", output: "emb", target: "y", weight: 2 },
    ],
  };

  it("normalizes each term (output, target, weight and delta filled) and every output", () => {
    const normalized = validateSpec(lm);
    expect(normalized.loss).toStrictEqual([
      { type: "sparseSoftmaxCrossEntropy", output: "logits", target: "next", weight: 1 },
      { type: "custom", output: "penalty", weight: 0.25 },
      { type: "huber", output: "emb", target: "y", weight: 2, delta: 1 },
    ]);
    expect(normalized.output).toBe("logits");
    expect(normalized.outputName).toBe("logits");
    expect(normalized.outputs).toStrictEqual([
      { node: "logits", name: "logits" },
      { node: "emb", name: "emb" },
    ]);
  });

  it("a node that reads a target may feed the loss; the warnings do not call it unused", () => {
    const normalized = validateSpec(lm);
    expect(normalized.nodes.find((n) => n.name === "diff")).toMatchObject({ kind: "binary", inputs: ["emb", "y"] });
    expect(specDiagnostics(normalized)).toEqual([]);
    const unused = validateSpec({ ...lm, nodes: { ...lm.nodes, extra: { type: "exp", input: "emb" } } });
    expect(specDiagnostics(unused)).toEqual(["nodes.extra: not used by any output or loss term; it is never computed"]);
  });

  it("a single output may be given as a one-element list", () => {
    const normalized = validateSpec({ ...lm, output: ["logits"], loss: { type: "sparseSoftmaxCrossEntropy", target: "next" } });
    expect(normalized.outputs).toStrictEqual([{ node: "logits", name: "logits" }]);
    expect(normalized.loss).toHaveLength(1);
  });

  it("softmaxCrossEntropy and sigmoidCrossEntropy act on the last axis of any rank", () => {
    for (const type of ["softmaxCrossEntropy", "sigmoidCrossEntropy"]) {
      const spec = net({ out: { type: "dense", input: "x", units: 3 } }, { loss: { type } });
      expect(validateSpec(spec).loss).toStrictEqual([{ type, output: "out", target: "y", weight: 1 }]);
    }
  });

  it("sparseSoftmaxCrossEntropy on rank-1 logits takes a per-sample scalar target", () => {
    const spec = {
      name: "c",
      inputs: { x: [4] },
      targets: { label: { shape: [], dtype: "int32" } },
      layers: [{ type: "dense", units: 3 }],
      loss: { type: "sparseSoftmaxCrossEntropy" },
    };
    expect(validateSpec(spec).targets).toEqual([{ name: "label", shape: [], dtype: "int32" }]);
  });
});

interface BadCase {
  what: string;
  spec: Json;
  path: string;
  message: string | RegExp;
}

const out = (node: Json, extra: Json = {}) => net(withLoss({ ...helpers, out: node }), extra);
const lossOf = (loss: unknown, nodes: Json = { out: { type: "dense", input: "x", units: 3 } }) => net(nodes, { loss });

// prettier-ignore
const badSpecs: BadCase[] = [
  { what: "reshape whose sizes differ", spec: out({ type: "reshape", input: "x", shape: [5, 2] }), path: "nodes.out.shape", message: 'nodes.out.shape: cannot reshape "x" [4, 3] (12 elements) to [5, 2] (10 elements)' },
  { what: "reshape with -1 that does not divide", spec: out({ type: "reshape", input: "x", shape: [5, -1] }), path: "nodes.out.shape", message: 'cannot reshape "x" [4, 3] (12 elements) to [5, -1] (12 is not a multiple of 5)' },
  { what: "reshape with a zero", spec: out({ type: "reshape", input: "x", shape: [0, 12] }), path: "nodes.out.shape[0]", message: "expected a positive integer or -1 (inferred), got 0" },
  { what: "perm not a permutation", spec: out({ type: "transpose", input: "x", perm: [1, 1] }), path: "nodes.out.perm", message: '[1, 1] is not a permutation of the axes of "x" [4, 3] (expected each of 0..1 once)' },
  { what: "perm of the wrong length", spec: out({ type: "transpose", input: "x", perm: [0] }), path: "nodes.out.perm", message: "is not a permutation" },
  { what: "shapes that do not broadcast", spec: out({ type: "sub", inputs: ["x", "w"] }), path: "nodes.out.inputs", message: "cannot sub x [4, 3] and w [4, 2]: the shapes do not broadcast (3 vs 2 at the last axis)" },
  { what: "add that does not broadcast at axis -2", spec: out({ type: "add", inputs: ["b3", "x", "two"] }), path: "nodes.out.inputs", message: "cannot add b3 [2, 4, 3] and two [2, 3]: the shapes do not broadcast (4 vs 2 at axis -2)" },
  { what: "binary op with three inputs", spec: out({ type: "mul", inputs: ["x", "x", "x"] }), path: "nodes.out.inputs", message: "expected a list of exactly 2 input or node names" },
  { what: "matmul inner dimensions", spec: out({ type: "matmul", inputs: ["x", "x"] }), path: "nodes.out.inputs", message: 'matmul "out": the inner dimensions differ: "x" [4, 3] · "x" [4, 3] (3 vs 4)' },
  { what: "matmul of a rank-1 operand", spec: out({ type: "matmul", inputs: ["x", "s1"] }, {}), path: "nodes.out.inputs[1]", message: 'matmul "out" needs operands of rank ≥ 2 (per sample), but "s1" [4] has rank 1' },
  { what: "matmul leading dimensions", spec: out({ type: "matmul", inputs: ["b3", "x"] }), path: "nodes.out.inputs", message: 'the leading dimensions differ: "b3" [2, 4, 3] and "x" [4, 3]' },
  { what: "int32 into an elementwise op", spec: out({ type: "exp", input: "tokens" }), path: "nodes.out.input", message: 'nodes.out.input: exp "out" needs floats, but "tokens" is int32' },
  { what: "int32 into add", spec: out({ type: "add", inputs: ["s1", "tokens"] }), path: "nodes.out.inputs[1]", message: 'add "out" needs floats, but "tokens" is int32' },
  { what: "concat of mixed dtypes", spec: out({ type: "concat", inputs: ["s1", "tokens"] }), path: "nodes.out.inputs[1]", message: 'concat "out" needs inputs of one dtype, but "s1" is float and "tokens" is int32' },
  { what: "embedding of floats", spec: out({ type: "embedding", input: "x", inputDim: 4, outputDim: 2 }), path: "nodes.out.input", message: 'embedding "out" needs int32 indices, but "x" is float' },
  { what: "softmax axis out of range", spec: out({ type: "softmax", input: "x", axis: -3 }), path: "nodes.out.axis", message: 'axis -3 is out of range for "x" [4, 3] (rank 2: axes -2..1)' },
  { what: "concat axis out of range", spec: out({ type: "concat", inputs: ["x", "x"], axis: 2 }), path: "nodes.out.axis", message: "axis 2 is out of range" },
  { what: "layerNormalization axis out of range", spec: out({ type: "layerNormalization", input: "x", axis: 5 }), path: "nodes.out.axis", message: "axis 5 is out of range" },
  { what: "reduce axis listed twice", spec: out({ type: "sum", input: "x", axes: [1, -1] }), path: "nodes.out.axes[1]", message: 'axis -1 is listed twice (it is axis 1 of "x" [4, 3])' },
  { what: "softmax of a per-sample scalar", spec: out({ type: "softmax", input: "s" }), path: "nodes.out.axis", message: 'axis -1 is out of range for "s" [] (rank 0: it has no axes)' },
  { what: "fractional axis", spec: out({ type: "softmax", input: "x", axis: 0.5 }), path: "nodes.out.axis", message: "expected an axis (an integer; negative counts from the end), got 0.5" },
  { what: "slice with too few entries", spec: out({ type: "slice", input: "x", begin: [0], size: [1] }), path: "nodes.out.begin", message: 'expected 2 entries (one per axis of "x" [4, 3]), got [0]' },
  { what: "slice beginning past the end", spec: out({ type: "slice", input: "x", begin: [0, 3], size: [1, 1] }), path: "nodes.out.begin[1]", message: 'begin 3 is past the end of axis 1 of "x" [4, 3]' },
  { what: "slice size 0", spec: out({ type: "slice", input: "x", begin: [0, 0], size: [0, 1] }), path: "nodes.out.size[0]", message: "expected a positive integer or -1 (to the end), got 0" },
  { what: "constant not rectangular", spec: out({ type: "constant", value: [[1], [2, 3]] }), path: "nodes.out.value[1]", message: "the value is not rectangular: this entry has shape [2], entry 0 has [1]" },
  { what: "constant empty array", spec: out({ type: "constant", value: [] }), path: "nodes.out.value", message: "expected a number or a non-empty array, got []" },
  { what: "constant with a string", spec: out({ type: "constant", value: [1, "2"] }), path: "nodes.out.value[1]", message: 'expected a number or a nested array of numbers, got "2"' },
  { what: "numHeads zero", spec: out({ type: "multiHeadAttention", input: "x", numHeads: 0, keyDim: 4 }), path: "nodes.out.numHeads", message: "expected a positive integer, got 0" },
  { what: "keyDim fractional", spec: out({ type: "multiHeadAttention", input: "x", numHeads: 2, keyDim: 1.5 }), path: "nodes.out.keyDim", message: "expected a positive integer, got 1.5" },
  { what: "attention with input and inputs", spec: out({ type: "multiHeadAttention", input: "x", inputs: ["x", "x"], numHeads: 1, keyDim: 2 }), path: "nodes.out.inputs", message: 'give either "input" (self-attention) or "inputs": [query, value], not both' },
  { what: "attention without input", spec: out({ type: "multiHeadAttention", numHeads: 1, keyDim: 2 }), path: "nodes.out.input", message: 'missing; expected "input" (self-attention) or "inputs": [query, value]' },
  { what: "attention on a rank-3 value", spec: out({ type: "multiHeadAttention", input: "b3", numHeads: 1, keyDim: 2 }), path: "nodes.out.input", message: 'needs [sequence, features] values (rank 2 per sample), but "b3" [2, 4, 3] has rank 3' },
  { what: "dense on a per-sample scalar", spec: out({ type: "dense", input: "s", units: 2 }), path: "nodes.out.input", message: 'dense "out" needs an input of rank ≥ 1 (it maps the last axis), but "s" [] has none' },
  { what: "a graph-only node in a layer list", spec: { name: "m", inputs: { x: [2] }, targets: { y: [2] }, layers: [{ type: "matmul" }], loss: { type: "mse" } }, path: "layers[0].type", message: '"matmul" needs the graph form ("nodes", where a matmul node lists its "inputs")' },
  { what: "int32 dtype misspelt", spec: net(withLoss({ out: { type: "tanh", input: "x" } }), { inputs: { x: { shape: [2], dtype: "int" } } }), path: "inputs.x.dtype", message: 'unknown value dtype "int"' },
  // outputs
  { what: "an output depending on a target", spec: net({ out: { type: "sub", inputs: ["x", "y"] }, nll: { type: "sum", input: "out" } }), path: "output", message: 'output: the output "out" depends on the target "y" (out → y); nodes that read targets belong to the loss only' },
  { what: "an output listed twice", spec: net(withLoss({ out: { type: "tanh", input: "x" } }), { output: ["out", "out"] }), path: "output[1]", message: '"out" is listed twice' },
  { what: "an empty output list", spec: net(withLoss({ out: { type: "tanh", input: "x" } }), { output: [] }), path: "output", message: "expected a non-empty list of node names, got []" },
  { what: "a second output naming an input", spec: net(withLoss({ out: { type: "tanh", input: "x" } }), { output: ["out", "x"] }), path: "output[1]", message: '"x" is an input; the output must be a node' },
  // losses
  { what: "a custom loss that is not per-sample scalar", spec: lossOf({ type: "custom", node: "out" }), path: "loss.node", message: 'a custom loss node must be a per-sample scalar (shape []; reduce it with "sum" or "mean"), but "out" has shape [4, 3]' },
  { what: "a custom loss naming a target", spec: lossOf({ type: "custom", node: "y" }), path: "loss.node", message: '"y" is a target; expected a node' },
  { what: "a custom loss with a target", spec: lossOf({ type: "custom", node: "out", target: "y" }), path: "loss.target", message: 'unknown key "target"' },
  { what: "a custom loss without node", spec: lossOf({ type: "custom" }), path: "loss.node", message: "missing; expected the name of an input or a node" },
  { what: "a sparse target of the wrong shape", spec: net({ out: { type: "dense", input: "x", units: 3 } }, { targets: { y: { shape: [3], dtype: "int32" } }, loss: { type: "sparseSoftmaxCrossEntropy" } }), path: "loss", message: 'sparseSoftmaxCrossEntropy needs a target of shape [4] (the output "out" [4, 3] without its last axis), but target "y" has shape [3]' },
  { what: "a float sparse target", spec: lossOf({ type: "sparseSoftmaxCrossEntropy" }), path: "loss.target", message: 'sparseSoftmaxCrossEntropy needs an int32 target of class indices, but target "y" is float' },
  { what: "an int32 target for mse", spec: net({ out: { type: "dense", input: "x", units: 1 } }, { targets: { y: { shape: [4, 1], dtype: "int32" } }, loss: { type: "mse" } }), path: "loss.target", message: 'loss "mse" needs floats, but target "y" is int32' },
  { what: "a loss reading an int32 node", spec: lossOf({ type: "mse", output: "tokens" }, { out: { type: "dense", input: "x", units: 3 } }), path: "loss.output", message: 'loss "mse" needs floats, but "tokens" is int32' },
  { what: "a loss term reading an unknown node", spec: lossOf([{ type: "mse" }, { type: "mse", output: "ot" }]), path: "loss[1].output", message: 'unknown node "ot"; did you mean "out"?' },
  { what: "a loss term reading a target", spec: lossOf([{ type: "mse", output: "y" }]), path: "loss[0].output", message: '"y" is a target; expected a node or an input' },
  { what: "terms with several targets and none named", spec: net({ out: { type: "dense", input: "x", units: 3 } }, { targets: { y: [4, 3], z: [4, 3] }, loss: [{ type: "mse", target: "y" }, { type: "mse" }] }), path: "loss[1].target", message: "required when there are several targets (y, z)" },
  { what: "a list term with a bad shape", spec: lossOf([{ type: "mse" }, { type: "mse", output: "x", target: "y" }, { type: "mse", output: "w" }], { out: { type: "dense", input: "x", units: 3 }, w: { type: "dense", input: "x", units: 2 } }), path: "loss[2]", message: 'output "w" has shape [4, 2] but target "y" has shape [4, 3]' },
  { what: "an empty loss list", spec: lossOf([]), path: "loss", message: "expected a non-empty list of loss objects, got []" },
  { what: "an unknown loss in a list", spec: lossOf([{ type: "mse" }, { type: "sparse" }]), path: "loss[1].type", message: 'unknown loss "sparse"' },
  { what: "delta on a list term other than huber", spec: lossOf([{ type: "mse", delta: 2 }]), path: "loss[0].delta", message: 'delta is only allowed with huber, not with "mse"' },
  { what: "softmax output into sparse cross-entropy", spec: net({ out: { type: "dense", input: "x", units: 3, activation: "softmax" } }, { targets: { y: { shape: [4], dtype: "int32" } }, loss: { type: "sparseSoftmaxCrossEntropy" } }), path: "nodes.out.activation", message: 'the output "out" ends in softmax, but loss "sparseSoftmaxCrossEntropy" applies softmax itself' },
];

describe("validateSpec rejects bad tensor specs, naming the field and the shapes", () => {
  it.each(badSpecs)("$what → $path", ({ spec, path, message }) => {
    const error = errorOf(spec);
    expect(error.path, error.message).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    if (typeof message === "string") expect(error.message).toContain(message);
    else expect(error.message).toMatch(message);
  });
});
