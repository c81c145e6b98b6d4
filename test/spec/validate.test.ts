// validateSpec: a table of malformed specs (each must name the offending field) and the normalized
// form of valid ones (defaults, automatic names, topological order, names as plain data).
import { describe, expect, it } from "vitest";
import { SpecError } from "../../compiler/errors.ts";
import { validateSpec } from "../../src/spec/validate.ts";
import type { NormalizedSpec } from "../../src/spec/types.ts";
import { mnistJson as seq, mutate, residualJson as graph } from "./fixtures.ts";

function errorOf(spec: unknown, overrides?: Parameters<typeof validateSpec>[1]): SpecError {
  try {
    validateSpec(spec, overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error("expected validateSpec to throw");
}

interface BadCase {
  what: string;
  spec: unknown;
  /** The SpecError's `path` (the first problem). */
  path: string;
  /** Must occur in the message (which starts with the path). */
  message: string | RegExp;
}

const deleteKey = (key: string) => (s: Record<string, unknown>) => void delete s[key];

// One row per case, kept on one line each for reading as a table.
// prettier-ignore
const badSpecs: BadCase[] = [
  // ---- top level
  { what: "a number", spec: 5, path: "spec", message: 'spec: expected a spec object with "layers" or "nodes", got 5' },
  { what: "an array", spec: [seq], path: "spec", message: /^spec: expected a spec object .*got \[\{"name":"mnist"/ },
  { what: "null", spec: null, path: "spec", message: "got null" },
  { what: "both layers and nodes", spec: { ...seq, nodes: graph.nodes }, path: "spec", message: 'spec: has both "layers" and "nodes"' },
  { what: "neither layers nor nodes", spec: mutate(seq, deleteKey("layers")), path: "spec", message: 'spec: missing "layers"' },
  { what: "graph without output", spec: mutate(graph, deleteKey("output")), path: "output", message: "output: missing; expected the name of a node, or a non-empty list of node names" },
  { what: "unknown top-level key", spec: mutate(seq, (s) => (s.optimiser = {})), path: "optimiser", message: 'optimiser: unknown key "optimiser"; did you mean "optimizer"?' },
  { what: "$schema not a string", spec: mutate(seq, (s) => (s.$schema = 5)), path: "$schema", message: "$schema: expected a string" },
  // ---- scalar fields
  { what: "missing name", spec: mutate(seq, deleteKey("name")), path: "name", message: "name: missing; expected a non-empty string" },
  { what: "empty name", spec: mutate(seq, (s) => (s.name = "")), path: "name", message: 'name: expected a non-empty string, got ""' },
  { what: "unknown dtype", spec: mutate(seq, (s) => (s.dtype = "f16")), path: "dtype", message: 'dtype: unknown dtype "f16" (allowed: f32, f64)' },
  { what: "dtype in the wrong case", spec: mutate(seq, (s) => (s.dtype = "F64")), path: "dtype", message: 'dtype: unknown dtype "F64"; did you mean "f64"?' },
  { what: "maxBatch 0", spec: mutate(seq, (s) => (s.maxBatch = 0)), path: "maxBatch", message: "maxBatch: expected a positive integer, got 0" },
  { what: "maxBatch not an integer", spec: mutate(seq, (s) => (s.maxBatch = 2.5)), path: "maxBatch", message: "maxBatch: expected a positive integer, got 2.5" },
  { what: "maxBatch too large", spec: mutate(seq, (s) => (s.maxBatch = 100000)), path: "maxBatch", message: "maxBatch: at most 65536, got 100000" },
  { what: "negative seed", spec: mutate(seq, (s) => (s.seed = -1)), path: "seed", message: "seed: expected an integer from 0 to 4294967295, got -1" },
  { what: "seed above uint32", spec: mutate(seq, (s) => (s.seed = 2 ** 32)), path: "seed", message: "got 4294967296" },
  // ---- inputs and targets
  { what: "shape given as a number", spec: mutate(seq, (s) => (s.inputs.x = 784)), path: "inputs.x", message: 'inputs.x: expected a shape (an array of positive integers, e.g. [784]) or { "shape": [16], "dtype": "int32" }, got 784' },
  { what: "a per-sample scalar into dense", spec: mutate(seq, (s) => (s.inputs.x = [])), path: "layers[0]", message: 'layers[0]: dense "dense1" needs an input of rank ≥ 1 (it maps the last axis), but "x" [] has none' },
  { what: "zero dimension", spec: mutate(seq, (s) => (s.targets.y = [0])), path: "targets.y[0]", message: "targets.y[0]: expected a positive integer, got 0" },
  { what: "no inputs", spec: mutate(seq, (s) => (s.inputs = {})), path: "inputs", message: "inputs: expected a non-empty object mapping input names to shapes" },
  { what: "targets not an object", spec: mutate(seq, (s) => (s.targets = ["y"])), path: "targets", message: 'targets: expected a non-empty object mapping target names to shapes, e.g. { "x": [784] }, got ["y"]' },
  { what: "input and target with the same name", spec: mutate(seq, (s) => (s.targets = { x: [10] })), path: "targets.x", message: 'targets.x: duplicate name "x", already used by inputs.x' },
  { what: "two inputs in sequential form", spec: mutate(seq, (s) => (s.inputs.z = [3])), path: "inputs", message: 'inputs: a sequential spec ("layers") takes exactly one input, got 2 (x, z)' },
  // ---- layers
  { what: "empty layer list", spec: mutate(seq, (s) => (s.layers = [])), path: "layers", message: "layers: expected a non-empty array of layers, got []" },
  { what: "layer not an object", spec: mutate(seq, (s) => (s.layers[0] = "dense")), path: "layers[0]", message: 'layers[0]: expected a layer object such as { "type": "dense", "units": 32 }, got "dense"' },
  { what: "negative units", spec: mutate(seq, (s) => (s.layers[1].units = -3)), path: "layers[1].units", message: "layers[1].units: expected a positive integer, got -3" },
  { what: "zero units", spec: mutate(seq, (s) => (s.layers[0].units = 0)), path: "layers[0].units", message: "layers[0].units: expected a positive integer, got 0" },
  { what: "fractional units", spec: mutate(seq, (s) => (s.layers[0].units = 12.5)), path: "layers[0].units", message: "got 12.5" },
  { what: "units as a string", spec: mutate(seq, (s) => (s.layers[0].units = "128")), path: "layers[0].units", message: 'layers[0].units: expected a positive integer, got "128"' },
  { what: "missing units", spec: mutate(seq, (s) => delete s.layers[0].units), path: "layers[0].units", message: "layers[0].units: missing; expected a positive integer" },
  { what: "units beyond 2^28", spec: mutate(seq, (s) => (s.layers[0].units = 1e12)), path: "layers[0].units", message: "layers[0].units: at most 268435456, got 1000000000000" },
  { what: "misspelled layer type", spec: mutate(seq, (s) => (s.layers[0].type = "dnese")), path: "layers[0].type", message: /^layers\[0\]\.type: unknown layer type "dnese"; did you mean "dense"\? \(allowed: dense, identity, relu, / },
  { what: "missing layer type", spec: mutate(seq, (s) => delete s.layers[0].type), path: "layers[0].type", message: "layers[0].type: missing; expected layer type (allowed: dense," },
  { what: "misspelled activation", spec: mutate(seq, (s) => (s.layers[0].activation = "rleu")), path: "layers[0].activation", message: 'layers[0].activation: unknown activation "rleu"; did you mean "relu"? (allowed: identity, relu, leakyRelu, elu, sigmoid, tanh, softplus, gelu, silu, swish, softmax)' },
  { what: "activation in the wrong case", spec: mutate(seq, (s) => (s.layers[0].activation = "ReLU")), path: "layers[0].activation", message: 'did you mean "relu"?' },
  { what: "activation far from any name", spec: mutate(seq, (s) => (s.layers[0].activation = "swish2000")), path: "layers[0].activation", message: /unknown activation "swish2000" \(allowed: / },
  { what: "misspelled layer key", spec: mutate(seq, (s) => (s.layers[1].unit = 2)), path: "layers[1].unit", message: 'layers[1].unit: unknown key "unit"; did you mean "units"? (allowed: type, name, units, activation, alpha, useBias, kernelInitializer, biasInitializer)' },
  { what: "alpha on a relu dense layer", spec: mutate(seq, (s) => (s.layers[0].alpha = 0.1)), path: "layers[0].alpha", message: 'layers[0].alpha: alpha is only allowed with leakyRelu or elu, not with "relu"' },
  { what: "alpha on a dense layer without activation", spec: mutate(seq, (s) => (s.layers[1].alpha = 0.1)), path: "layers[1].alpha", message: 'not with "identity"' },
  { what: "alpha on a standalone relu layer", spec: mutate(seq, (s) => s.layers.splice(1, 0, { type: "relu", alpha: 2 })), path: "layers[1].alpha", message: "layers[1].alpha: alpha is only allowed with leakyRelu or elu" },
  { what: "alpha not a number", spec: mutate(seq, (s) => (s.layers[0] = { type: "leakyRelu", alpha: "0.1" })), path: "layers[0].alpha", message: 'layers[0].alpha: expected a finite number, got "0.1"' },
  { what: "alpha NaN (builder data)", spec: mutate(seq, (s) => (s.layers[0] = { type: "elu", alpha: NaN })), path: "layers[0].alpha", message: "layers[0].alpha: expected a finite number, got NaN" },
  { what: "useBias not a boolean", spec: mutate(seq, (s) => (s.layers[0].useBias = "yes")), path: "layers[0].useBias", message: 'layers[0].useBias: expected true or false, got "yes"' },
  { what: "add in sequential form", spec: mutate(seq, (s) => s.layers.splice(1, 0, { type: "add" })), path: "layers[1].type", message: 'layers[1].type: "add" needs the graph form' },
  { what: "duplicate layer names", spec: mutate(seq, (s) => ((s.layers[0].name = "hidden"), (s.layers[1].name = "hidden"))), path: "layers[1].name", message: 'layers[1].name: duplicate name "hidden", already used by layers[0].name' },
  { what: "layer named like the input", spec: mutate(seq, (s) => (s.layers[0].name = "x")), path: "layers[0].name", message: 'layers[0].name: duplicate name "x", already used by inputs.x' },
  { what: "automatic name already taken", spec: mutate(seq, (s) => (s.layers[0].name = "dense2")), path: "layers[1]", message: 'layers[1]: the automatic name "dense2" is already used by layers[0].name; give this layer a "name"' },
  { what: "empty layer name", spec: mutate(seq, (s) => (s.layers[0].name = "")), path: "layers[0].name", message: 'layers[0].name: expected a non-empty string, got ""' },
  { what: "rank-2 input into dense (acts on the last axis)", spec: mutate(seq, (s) => (s.inputs.x = [28, 28])), path: "loss", message: 'loss: output "dense2" has shape [28, 10] but target "y" has shape [10]' },
  // ---- nodes
  { what: "node key needing quotes", spec: mutate(graph, (s) => (s.nodes["my node"] = { type: "dense", input: "x", units: 0 })), path: 'nodes["my node"].units', message: 'nodes["my node"].units: expected a positive integer, got 0' },
  { what: "node without type", spec: mutate(graph, (s) => delete s.nodes.h2.type), path: "nodes.h2.type", message: "nodes.h2.type: missing; expected node type (allowed: dense, add, identity," },
  { what: "misspelled node type", spec: mutate(graph, (s) => (s.nodes.sum.type = "ad")), path: "nodes.sum.type", message: 'nodes.sum.type: unknown node type "ad"; did you mean "add"?' },
  { what: "node missing input", spec: mutate(graph, (s) => delete s.nodes.h1.input), path: "nodes.h1.input", message: "nodes.h1.input: missing; expected the name of an input or a node" },
  { what: "add with one input", spec: mutate(graph, (s) => (s.nodes.sum.inputs = ["h1"])), path: "nodes.sum.inputs", message: 'nodes.sum.inputs: expected an array of at least 2 input or node names, got ["h1"]' },
  { what: "add of mismatched shapes", spec: mutate(graph, (s) => (s.nodes.h2.units = 16)), path: "nodes.sum.inputs", message: "nodes.sum.inputs: cannot add h1 [32] and h2 [16]" },
  { what: "dangling reference", spec: mutate(graph, (s) => (s.nodes.h2.input = "h9")), path: "nodes.h2.input", message: 'nodes.h2.input: unknown node "h9"; did you mean "h1"? (known: x, h1, sum, out)' },
  { what: "dangling reference in add", spec: mutate(graph, (s) => (s.nodes.sum.inputs = ["h1", "h3"])), path: "nodes.sum.inputs[1]", message: 'nodes.sum.inputs[1]: unknown node "h3"' },
  { what: "reference to an Object.prototype name", spec: mutate(graph, (s) => (s.nodes.h1.input = "toString")), path: "nodes.h1.input", message: 'nodes.h1.input: unknown node "toString"' },
  { what: "output depending on a target", spec: mutate(graph, (s) => (s.nodes.h1.input = "y")), path: "output", message: 'output: the output "out" depends on the target "y" (out → sum → h1 → y); nodes that read targets belong to the loss only' },
  { what: "node named like a target", spec: mutate(graph, (s) => (s.nodes.y = { type: "tanh", input: "x" })), path: "nodes.y", message: 'nodes.y: duplicate name "y", already used by targets.y' },
  { what: "cycle of two nodes", spec: mutate(graph, (s) => ((s.nodes.a = { type: "tanh", input: "b" }), (s.nodes.b = { type: "relu", input: "a" }))), path: "nodes.a.input", message: "nodes.a.input: cycle a → b → a" },
  { what: "cycle through add", spec: mutate(graph, (s) => (s.nodes.h1.input = "sum")), path: "nodes.h1.input", message: "nodes.h1.input: cycle h1 → sum → h1" },
  { what: "self-reference", spec: mutate(graph, (s) => (s.nodes.h2.input = "h2")), path: "nodes.h2.input", message: "nodes.h2.input: cycle h2 → h2" },
  { what: "unknown output", spec: mutate(graph, (s) => (s.output = "ot")), path: "output", message: 'output: unknown node "ot"; did you mean "out"? (known: h1, h2, sum, out)' },
  { what: "output naming an input", spec: mutate(graph, (s) => (s.output = "x")), path: "output", message: 'output: "x" is an input; the output must be a node' },
  // ---- loss and optimizer
  { what: "missing loss", spec: mutate(seq, deleteKey("loss")), path: "loss", message: 'loss: missing; expected a loss object such as { "type": "mse" }' },
  { what: "unknown loss", spec: mutate(seq, (s) => (s.loss.type = "softmaxCrossEntropie")), path: "loss.type", message: 'loss.type: unknown loss "softmaxCrossEntropie"; did you mean "softmaxCrossEntropy"? (allowed: mse, meanAbsoluteError, huber, softmaxCrossEntropy, sigmoidCrossEntropy, sparseSoftmaxCrossEntropy, custom)' },
  { what: "unknown loss target", spec: mutate(seq, (s) => (s.loss.target = "yy")), path: "loss.target", message: 'loss.target: unknown target "yy"; did you mean "y"? (targets: y)' },
  { what: "loss target naming an input", spec: mutate(seq, (s) => (s.loss.target = "x")), path: "loss.target", message: 'loss.target: "x" is an input, not a target' },
  { what: "several targets, none named", spec: mutate(seq, (s) => (s.targets.z = [10])), path: "loss.target", message: "loss.target: required when there are several targets (y, z)" },
  { what: "output/target shape mismatch", spec: mutate(seq, (s) => (s.layers[1].units = 2)), path: "loss", message: 'loss: output "dense2" has shape [2] but target "y" has shape [10]' },
  { what: "softmax output with softmaxCrossEntropy", spec: mutate(seq, (s) => (s.layers[1].activation = "softmax")), path: "layers[1].activation", message: /^layers\[1\]\.activation: .*ends in softmax, but loss "softmaxCrossEntropy" applies softmax itself; the last layer must output logits/ },
  { what: "sigmoid node output with sigmoidCrossEntropy", spec: mutate(graph, (s) => ((s.nodes.p = { type: "sigmoid", input: "out" }), (s.output = "p"), (s.loss.type = "sigmoidCrossEntropy"))), path: "nodes.p.type", message: "must output logits" },
  { what: "softmaxCrossEntropy on a per-sample scalar", spec: mutate(graph, (s) => ((s.targets.y = []), (s.nodes = { t: { type: "sum", input: "x" } }), (s.output = "t"), (s.loss.type = "softmaxCrossEntropy"))), path: "loss.type", message: 'loss.type: softmaxCrossEntropy acts on the last axis, but output "t" has shape [] (no axes)' },
  { what: "unknown optimizer", spec: mutate(seq, (s) => (s.optimizer = { type: "adma" })), path: "optimizer.type", message: 'optimizer.type: unknown optimizer type "adma"; did you mean "adam"? (allowed: sgd, adam, adamw, rmsprop, adagrad)' },
  { what: "adam option on sgd", spec: mutate(seq, (s) => (s.optimizer = { type: "sgd", beta1: 0.9 })), path: "optimizer.beta1", message: 'optimizer.beta1: unknown key "beta1"' },
  { what: "beta1 of 1", spec: mutate(seq, (s) => (s.optimizer = { type: "adam", beta1: 1 })), path: "optimizer.beta1", message: "optimizer.beta1: expected a number in [0, 1), got 1" },
  { what: "negative l2", spec: mutate(seq, (s) => (s.optimizer = { type: "adam", l2: -1 })), path: "optimizer.l2", message: "optimizer.l2: expected a finite number ≥ 0, got -1" },
  { what: "zero clipNorm", spec: mutate(seq, (s) => (s.optimizer = { type: "rmsprop", clipNorm: 0 })), path: "optimizer.clipNorm", message: "optimizer.clipNorm: expected a positive finite number, got 0" },
  { what: "delta on a loss other than huber", spec: mutate(seq, (s) => (s.loss = { type: "mse", delta: 1 })), path: "loss.delta", message: 'loss.delta: delta is only allowed with huber, not with "mse"' },
  { what: "zero huber delta", spec: mutate(seq, (s) => (s.loss = { type: "huber", delta: 0 })), path: "loss.delta", message: "loss.delta: expected a positive finite number, got 0" },
  { what: "skipNonFinite not a boolean", spec: mutate(seq, (s) => (s.optimizer = { type: "adam", skipNonFinite: "yes" })), path: "optimizer.skipNonFinite", message: 'optimizer.skipNonFinite: expected true or false, got "yes"' },
  { what: "negative adagrad accumulator", spec: mutate(seq, (s) => (s.optimizer = { type: "adagrad", initialAccumulatorValue: -0.1 })), path: "optimizer.initialAccumulatorValue", message: "optimizer.initialAccumulatorValue: expected a finite number ≥ 0, got -0.1" },
  { what: "rmsprop option on adagrad", spec: mutate(seq, (s) => (s.optimizer = { type: "adagrad", rho: 0.9 })), path: "optimizer.rho", message: 'optimizer.rho: unknown key "rho" (allowed: type, lr, l2, clipNorm, skipNonFinite, initialAccumulatorValue, epsilon)' },
  { what: "unknown initializer", spec: mutate(seq, (s) => (s.layers[0].kernelInitializer = "heNormol")), path: "layers[0].kernelInitializer", message: 'did you mean "heNormal"?' },
  { what: "negative learning rate", spec: mutate(seq, (s) => (s.optimizer.lr = -1)), path: "optimizer.lr", message: "optimizer.lr: expected a positive finite number, got -1" },
  { what: "zero learning rate", spec: mutate(seq, (s) => (s.optimizer.lr = 0)), path: "optimizer.lr", message: "got 0" },
  { what: "infinite learning rate (builder data)", spec: mutate(seq, (s) => (s.optimizer.lr = Infinity)), path: "optimizer.lr", message: "optimizer.lr: expected a positive finite number, got Infinity" },
  // ---- absurd sizes
  { what: "too many parameters", spec: mutate(seq, (s) => ((s.inputs.x = [100000]), (s.layers[0].units = 100000))), path: "layers[0].units", message: /^layers\[0\]\.units: the parameters would need 10,001,\d{3},\d{3} elements \(37\.3 GiB as f32\); the limit is 268,435,456 \(2\^28\) elements/ },
  { what: "too many activations per batch", spec: mutate(seq, (s) => ((s.maxBatch = 65536), (s.inputs.x = [10000]))), path: "maxBatch", message: /^maxBatch: inputs, targets and activations for a batch of 65536 would need [\d,]+ elements \([\d.]+ GiB as f32\)/ },
  // ---- prototype-pollution keys: "__proto__" is an unknown key in fixed-key objects, and a plain name elsewhere
  { what: "__proto__ at top level", spec: JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(seq).slice(1)}`), path: "__proto__", message: '__proto__: unknown key "__proto__" (allowed: $schema, name,' },
  { what: "__proto__ in a layer", spec: mutate(seq, (s) => (s.layers[0] = JSON.parse('{"type": "dense", "units": 4, "__proto__": {"units": 1}}'))), path: "layers[0].__proto__", message: 'layers[0].__proto__: unknown key "__proto__"' },
  { what: "__proto__ in the loss", spec: mutate(seq, (s) => (s.loss = JSON.parse('{"__proto__": {"type": "mse"}}'))), path: "loss.type", message: "loss.type: missing; expected loss" },
  { what: "__proto__ input with a bad shape", spec: mutate(seq, (s) => (s.inputs = JSON.parse('{"__proto__": [0]}'))), path: "inputs.__proto__[0]", message: "inputs.__proto__[0]: expected a positive integer, got 0" },
  { what: "__proto__ node with bad units", spec: mutate(graph, (s) => (s.nodes = { ...s.nodes, ...JSON.parse('{"__proto__": {"type": "dense", "input": "x", "units": -1}}') })), path: "nodes.__proto__.units", message: "nodes.__proto__.units: expected a positive integer, got -1" },
  { what: "__proto__ node with an unknown key", spec: mutate(graph, (s) => (s.nodes = { ...s.nodes, ...JSON.parse('{"__proto__": {"type": "tanh", "input": "x", "inptu": "x"}}') })), path: "nodes.__proto__.inptu", message: 'did you mean "input"?' },
  { what: "reference to a missing __proto__ node", spec: mutate(graph, (s) => (s.nodes.h1.input = "__proto__")), path: "nodes.h1.input", message: 'nodes.h1.input: unknown node "__proto__"' },
];

describe("validateSpec rejects malformed specs with a message naming the field", () => {
  it.each(badSpecs)("$what → $path", ({ spec, path, message }) => {
    const error = errorOf(spec);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    if (typeof message === "string") expect(error.message).toContain(message);
    else expect(error.message).toMatch(message);
    expect(Object.prototype).not.toHaveProperty("x");
  });

  it("has a large table", () => {
    expect(badSpecs.length).toBeGreaterThanOrEqual(30);
  });

  it("reports every structural problem, one per line, the first in `path`", () => {
    const spec = mutate(seq, (s) => ((s.maxBatch = 0), (s.layers[1].units = -3), (s.loss.type = "mae")));
    const error = errorOf(spec);
    expect(error.path).toBe("maxBatch");
    expect(error.message.split("\n")).toEqual([
      "maxBatch: expected a positive integer, got 0",
      "layers[1].units: expected a positive integer, got -3",
      'loss.type: unknown loss "mae"; did you mean "mse"? (allowed: mse, meanAbsoluteError, huber, softmaxCrossEntropy, sigmoidCrossEntropy, sparseSoftmaxCrossEntropy, custom)',
    ]);
  });

  it("quotes long values truncated", () => {
    const error = errorOf(mutate(seq, (s) => (s.name = "x".repeat(500).split(""))));
    const got = error.message.slice(error.message.indexOf("got ") + 4);
    expect(got.length).toBeLessThanOrEqual(60);
    expect(got.endsWith("…")).toBe(true);
  });

  it("checks overrides like spec fields and says where they came from", () => {
    expect(errorOf(seq, { maxBatch: 0 }).message).toBe(
      "maxBatch: expected a positive integer, got 0 (from the maxBatch override)",
    );
    expect(errorOf(seq, { dtype: "f16" as never }).message).toContain('dtype: unknown dtype "f16"');
  });
});

const mnistExpected: NormalizedSpec = {
  name: "mnist",
  dtype: "f32",
  target: "js",
  maxBatch: 64,
  seed: 1,
  inputs: [{ name: "x", shape: [784], dtype: "float" }],
  targets: [{ name: "y", shape: [10], dtype: "float" }],
  nodes: [
    {
      kind: "dense",
      name: "dense1",
      input: "x",
      units: 128,
      activation: { type: "relu" },
      useBias: true,
      kernelInitializer: "heNormal",
      biasInitializer: "zeros",
      shape: [128],
      dtype: "float",
    },
    {
      kind: "dense",
      name: "dense2",
      input: "dense1",
      units: 10,
      activation: { type: "identity" },
      useBias: true,
      kernelInitializer: "glorotUniform",
      biasInitializer: "zeros",
      shape: [10],
      dtype: "float",
    },
  ],
  output: "dense2",
  outputName: "out",
  outputs: [{ node: "dense2", name: "out" }],
  loss: [{ type: "softmaxCrossEntropy", output: "dense2", target: "y", weight: 1 }],
  optimizer: { type: "sgd", lr: 0.01, momentum: 0, nesterov: false, l2: 0, clipNorm: null, skipNonFinite: true },
};

const residualExpected: NormalizedSpec = {
  name: "residual",
  dtype: "f64",
  target: "js",
  maxBatch: 8,
  seed: 0,
  inputs: [{ name: "x", shape: [16], dtype: "float" }],
  targets: [{ name: "y", shape: [1], dtype: "float" }],
  nodes: [
    { kind: "dense", name: "h1", input: "x", units: 32, activation: { type: "tanh" }, useBias: true, kernelInitializer: "glorotUniform", biasInitializer: "zeros", shape: [32], dtype: "float" },
    { kind: "dense", name: "h2", input: "h1", units: 32, activation: { type: "tanh" }, useBias: true, kernelInitializer: "glorotUniform", biasInitializer: "zeros", shape: [32], dtype: "float" },
    { kind: "add", name: "sum", inputs: ["h1", "h2"], shape: [32], dtype: "float" },
    { kind: "dense", name: "out", input: "sum", units: 1, activation: { type: "identity" }, useBias: true, kernelInitializer: "glorotUniform", biasInitializer: "zeros", shape: [1], dtype: "float" },
  ],
  output: "out",
  outputName: "out",
  outputs: [{ node: "out", name: "out" }],
  loss: [{ type: "mse", output: "out", target: "y", weight: 1 }],
  optimizer: { type: "sgd", lr: 0.01, momentum: 0, nesterov: false, l2: 0, clipNorm: null, skipNonFinite: true },
};

describe("validateSpec normalizes valid specs", () => {
  it("normalizes the mnist example", () => {
    expect(validateSpec(seq)).toStrictEqual(mnistExpected);
  });

  it("normalizes the residual example", () => {
    expect(validateSpec(graph)).toStrictEqual(residualExpected);
  });

  it("does not modify its input", () => {
    const copy = structuredClone(graph);
    validateSpec(copy);
    expect(copy).toStrictEqual(graph);
  });

  it("fills defaults", () => {
    const minimal = {
      name: "m",
      inputs: { x: [3] },
      targets: { t: [2] },
      layers: [{ type: "dense", units: 2 }],
      loss: { type: "mse" },
    };
    expect(validateSpec(minimal)).toStrictEqual({
      name: "m",
      dtype: "f32",
      target: "js",
      maxBatch: 32,
      seed: 0,
      inputs: [{ name: "x", shape: [3], dtype: "float" }],
      targets: [{ name: "t", shape: [2], dtype: "float" }],
      nodes: [
        {
          kind: "dense",
          name: "dense1",
          input: "x",
          units: 2,
          activation: { type: "identity" },
          useBias: true,
          kernelInitializer: "glorotUniform",
          biasInitializer: "zeros",
          shape: [2],
          dtype: "float",
        },
      ],
      output: "dense1",
      outputName: "out",
      outputs: [{ node: "dense1", name: "out" }],
      loss: [{ type: "mse", output: "dense1", target: "t", weight: 1 }],
      optimizer: { type: "sgd", lr: 0.01, momentum: 0, nesterov: false, l2: 0, clipNorm: null, skipNonFinite: true },
    });
  });

  it("names unnamed layers by type and per-type ordinal, keeps explicit names", () => {
    const spec = mutate(seq, (s) => {
      s.layers = [
        { type: "dense", units: 8, activation: "tanh" },
        { type: "tanh" },
        { type: "dense", units: 8, name: "hidden" },
        { type: "leakyRelu" },
        { type: "elu", alpha: 0.5 },
        { type: "dense", units: 10 },
      ];
    });
    const nodes = validateSpec(spec).nodes;
    expect(nodes.map((n) => n.name)).toEqual(["dense1", "tanh1", "hidden", "leakyRelu1", "elu1", "dense3"]);
    expect(nodes.map((n) => ("input" in n ? n.input : undefined))).toEqual([
      "x",
      "dense1",
      "tanh1",
      "hidden",
      "leakyRelu1",
      "elu1",
    ]);
    expect(nodes[3]).toStrictEqual({
      kind: "activation",
      name: "leakyRelu1",
      input: "hidden",
      activation: { type: "leakyRelu", alpha: 0.2 },
      shape: [8],
      dtype: "float",
    });
    expect(nodes[4]).toMatchObject({ activation: { type: "elu", alpha: 0.5 } });
    expect(validateSpec(mutate(seq, (s) => (s.layers[0].activation = "elu"))).nodes[0]).toMatchObject({
      activation: { type: "elu", alpha: 1 },
    });
  });

  it("sorts graph nodes topologically, keeping spec order where it can", () => {
    const shuffled = mutate(graph, (s) => {
      const { h1, h2, sum, out } = s.nodes;
      s.nodes = { out, extra: { type: "relu", input: "x" }, sum, h2, h1 };
    });
    const names = validateSpec(shuffled).nodes.map((n) => n.name);
    expect(names).toEqual(["h1", "h2", "sum", "out", "extra"]);
    const sorted = validateSpec(graph).nodes.map((n) => n.name);
    expect(sorted).toEqual(["h1", "h2", "sum", "out"]);
  });

  it("treats __proto__ as an ordinary name, without touching any prototype", () => {
    const spec = JSON.parse(`{
      "name": "__proto__",
      "inputs": { "constructor": [3] },
      "targets": { "__proto__": [2] },
      "nodes": {
        "__proto__2": { "type": "dense", "input": "__proto__", "units": 2 },
        "__proto__": { "type": "tanh", "input": "constructor" }
      },
      "output": "__proto__2",
      "loss": { "type": "mse" }
    }`);
    expect(errorOf(spec).message).toBe(
      'nodes.__proto__: duplicate name "__proto__", already used by targets.__proto__',
    );
    spec.targets = JSON.parse('{ "toString": [2] }');
    const normalized = validateSpec(spec);
    expect(normalized.name).toBe("__proto__");
    expect(normalized.inputs).toStrictEqual([{ name: "constructor", shape: [3], dtype: "float" }]);
    expect(normalized.nodes.map((n) => n.name)).toEqual(["__proto__", "__proto__2"]);
    expect(normalized.nodes[0]).toMatchObject({ kind: "activation", input: "constructor", shape: [3] });
    expect(normalized.nodes[1]).toMatchObject({ kind: "dense", input: "__proto__", shape: [2] });
    expect(normalized.output).toBe("__proto__2");
    expect(normalized.loss).toEqual([{ type: "mse", output: "__proto__2", target: "toString", weight: 1 }]);
    expect(Object.getPrototypeOf(normalized)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).units).toBeUndefined();
  });

  it("treats names such as constructor and toString as plain data", () => {
    const spec = mutate(graph, (s) => {
      s.inputs = { constructor: [16] };
      s.nodes.h1.input = "constructor";
      s.nodes.toString = s.nodes.out;
      delete s.nodes.out;
      s.output = "toString";
    });
    const normalized = validateSpec(spec);
    expect(normalized.inputs).toEqual([{ name: "constructor", shape: [16], dtype: "float" }]);
    expect(normalized.output).toBe("toString");
    expect(normalized.outputName).toBe("toString");
  });

  it.each([
    ["huber (delta 1)", { type: "huber" }, { type: "huber", output: "dense2", target: "y", weight: 1, delta: 1 }],
    ["huber (delta 0.25)", { type: "huber", delta: 0.25 }, { type: "huber", output: "dense2", target: "y", weight: 1, delta: 0.25 }],
    ["meanAbsoluteError", { type: "meanAbsoluteError" }, { type: "meanAbsoluteError", output: "dense2", target: "y", weight: 1 }],
  ])("fills the loss defaults: %s", (_name, loss, expected) => {
    expect(validateSpec(mutate(seq, (s) => (s.loss = loss))).loss).toStrictEqual([expected]);
  });

  it.each([
    ["adagrad", { type: "adagrad" }, { type: "adagrad", lr: 0.01, initialAccumulatorValue: 0.1, epsilon: 1e-7, l2: 0, clipNorm: null, skipNonFinite: true }],
    ["skipNonFinite false", { type: "adam", skipNonFinite: false }, { type: "adam", lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, l2: 0, clipNorm: null, skipNonFinite: false }],
  ])("fills the optimizer defaults: %s", (_name, optimizer, expected) => {
    expect(validateSpec(mutate(seq, (s) => (s.optimizer = optimizer))).optimizer).toStrictEqual(expected);
  });

  it("swish is an activation of its own name, He-initialized like silu", () => {
    const normalized = validateSpec(mutate(seq, (s) => (s.layers[0].activation = "swish")));
    expect(normalized.nodes[0]).toMatchObject({ activation: { type: "swish" }, kernelInitializer: "heNormal" });
  });

  it("applies overrides", () => {
    const normalized = validateSpec(seq, { dtype: "f64", maxBatch: 4 });
    expect(normalized).toMatchObject({ dtype: "f64", maxBatch: 4, target: "js" });
    expect(validateSpec({ ...seq, target: "wasm" }).target).toBe("wasm");
    expect(validateSpec({ ...seq, target: "wasm" }, { target: "js" }).target).toBe("js");
  });

  it("refuses an unknown target, in the spec or as an override", () => {
    expect(errorOf({ ...seq, target: "gpu" }).message).toContain('target: unknown target "gpu"');
    expect(errorOf(seq, { target: "gpu" as never }).message).toContain("(from the target override)");
  });

  it("accepts $schema and a name with any characters", () => {
    const spec = mutate(seq, (s) => ((s.$schema = "./tapeless.schema.json"), (s.name = "my model (v2) ✓")));
    expect(validateSpec(spec).name).toBe("my model (v2) ✓");
  });
});
