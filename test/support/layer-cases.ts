// A table of small graph specs (plain JSON) exercising every N-D node kind, layer and loss form of
// issue 16, for the TensorFlow.js oracle (test/oracle/layers.test.ts). Each has parameters before
// the node under test so that its gradient reaches something; int32 inputs hold indices.

type Json = Record<string, unknown>;
const int32 = (...shape: number[]) => ({ shape, dtype: "int32" });

/** A graph spec: maxBatch 3; `loss` defaults to mse against target y of the output's shape. */
function graph(inputs: Json, nodes: Json, output: string | string[], targets: Json, loss: unknown = { type: "mse" }): Json {
  return { name: "case", maxBatch: 3, seed: 7, inputs, targets, nodes, output, loss };
}
const dense = (input: string, units: number, activation = "tanh") => ({ type: "dense", input, units, activation });

/** A constant of `shape` with distinct entries in [−1, 1]. */
function constantOf(shape: number[], at = 0): unknown {
  if (shape.length === 0) return Math.round(100 * Math.sin(1 + at)) / 100;
  const [d, ...rest] = shape;
  const inner = rest.reduce((x, e) => x * e, 1);
  return Array.from({ length: d! }, (_, i) => constantOf(rest, at + i * inner));
}

export interface LayerCase {
  label: string;
  spec: Json;
}

export const LAYER_CASES: LayerCase[] = [
  // ---- today's kinds (the harness itself; passes before the N-D branches land)
  {
    label: "dense + add + activation (today's kinds)",
    spec: graph({ x: [4] }, { h: dense("x", 5), g: dense("h", 5), s: { type: "add", inputs: ["h", "g"] }, o: { type: "relu", input: "s" } }, "o", { y: [5] }),
  },

  // ---- dense on rank > 1, embedding, sparse cross-entropy
  {
    label: "embedding → dense on [T, d] → sparseSoftmaxCrossEntropy",
    spec: graph(
      { tok: int32(5) },
      { emb: { type: "embedding", input: "tok", inputDim: 7, outputDim: 4 }, logits: dense("emb", 6, "identity") },
      "logits",
      { next: int32(5) },
      { type: "sparseSoftmaxCrossEntropy" },
    ),
  },
  {
    label: "dense on [2, 3, 4] (last axis) → softmaxCrossEntropy over positions",
    spec: graph({ x: [2, 3, 4] }, { h: dense("x", 5), logits: dense("h", 3, "identity") }, "logits", { y: [2, 3, 3] }, { type: "softmaxCrossEntropy" }),
  },
  {
    label: "sigmoidCrossEntropy on a [3, 4] output",
    spec: graph({ x: [3, 2] }, { logits: dense("x", 4, "identity") }, "logits", { y: [3, 4] }, { type: "sigmoidCrossEntropy" }),
  },

  // ---- layerNormalization
  ...[
    { label: "default (last axis, center, scale)", opts: {} },
    { label: "axis -2 (not the last)", opts: { axis: -2 } },
    { label: "axis 0 of [3, 4, 2]", opts: { axis: 0 }, shape: [3, 4, 2] },
    { label: "center false", opts: { center: false } },
    { label: "scale false, axis -2", opts: { scale: false, axis: -2 } },
    { label: "neither center nor scale, epsilon 0.01", opts: { center: false, scale: false, epsilon: 0.01 } },
  ].map(({ label, opts, shape = [3, 4] }) => ({
    label: `layerNormalization: ${label}`,
    spec: graph({ x: shape }, { h: dense("x", shape.at(-1)!), ln: { type: "layerNormalization", input: "h", ...opts }, o: dense("ln", 2, "identity") }, "o", {
      y: [...shape.slice(0, -1), 2],
    }),
  })),

  // ---- multiHeadAttention
  ...[
    { label: "self, non-causal", node: { input: "x" } },
    { label: "self, causal", node: { input: "x", causal: true } },
    { label: "self, causal, useBias false", node: { input: "x", causal: true, useBias: false } },
    { label: "cross (T 4, S 3), non-causal", node: { inputs: ["x", "m"] }, memory: true },
    { label: "cross (T 4, S 3), causal", node: { inputs: ["x", "m"], causal: true }, memory: true },
  ].map(({ label, node, memory }) => ({
    label: `multiHeadAttention: ${label}`,
    spec: graph(
      memory ? { x: [4, 6], m: [3, 5] } : { x: [4, 6] },
      { att: { type: "multiHeadAttention", numHeads: 2, keyDim: 3, ...node }, o: dense("att", 6, "identity") },
      "o",
      { y: [4, 6] },
    ),
  })),
  {
    label: "transformer block: embeddings + positions, causal attention, residuals, layerNormalization, MLP",
    spec: graph(
      { tok: int32(4) },
      {
        emb: { type: "embedding", input: "tok", inputDim: 6, outputDim: 8 },
        pos: {
          type: "constant",
          value: Array.from({ length: 4 }, (_, t) => Array.from({ length: 8 }, (_, i) => Math.round(50 * Math.sin(((t + 1) * (i + 1)) / 3)) / 100)),
        },
        h0: { type: "add", inputs: ["emb", "pos"] },
        ln1: { type: "layerNormalization", input: "h0" },
        att: { type: "multiHeadAttention", input: "ln1", numHeads: 2, keyDim: 4, causal: true },
        h1: { type: "add", inputs: ["h0", "att"] },
        ln2: { type: "layerNormalization", input: "h1" },
        up: dense("ln2", 16, "gelu"),
        down: dense("up", 8, "identity"),
        h2: { type: "add", inputs: ["h1", "down"] },
        logits: dense("h2", 6, "identity"),
      },
      "logits",
      { next: int32(4) },
      { type: "sparseSoftmaxCrossEntropy" },
    ),
  },

  // ---- reductions
  ...(["sum", "mean", "max"] as const).flatMap((op) =>
    [false, true].flatMap((keepDims) =>
      [
        { axes: [-1], out: keepDims ? [3, 1] : [3] },
        { axes: [0], out: keepDims ? [1, 4] : [4] },
        { axes: [0, 1], out: keepDims ? [1, 1] : [] },
      ].map(({ axes, out }) => ({
        label: `${op} axes ${JSON.stringify(axes)} keepDims ${keepDims}`,
        spec: graph({ x: [3, 2] }, { h: dense("x", 4), r: { type: op, input: "h", axes, keepDims } }, "r", { y: out }),
      })),
    ),
  ),
  { label: "mean with default axes (all per-sample axes)", spec: graph({ x: [3, 2] }, { h: dense("x", 4), r: { type: "mean", input: "h" } }, "r", { y: [] }) },

  // ---- softmax / logSoftmax on a middle axis
  ...(["softmax", "logSoftmax"] as const).map((type) => ({
    label: `${type} on the middle axis of [3, 4, 2]`,
    spec: graph({ x: [3, 4, 2] }, { h: dense("x", 2), s: { type, input: "h", axis: 1 } }, "s", { y: [3, 4, 2] }),
  })),
  { label: "logSoftmax on the last axis", spec: graph({ x: [3, 2] }, { h: dense("x", 4), s: { type: "logSoftmax", input: "h" } }, "s", { y: [3, 4] }) },

  // ---- movement
  ...[
    { perm: [1, 0], shape: [3, 4], out: [4, 3] },
    { perm: [2, 0, 1], shape: [2, 3, 4], out: [4, 2, 3] },
    { perm: [0, 2, 1], shape: [2, 3, 4], out: [2, 4, 3] },
    { perm: undefined, shape: [2, 3, 4], out: [4, 3, 2] },
  ].map(({ perm, shape, out }) => ({
    label: `transpose ${perm === undefined ? "(default: reversed)" : JSON.stringify(perm)} of ${JSON.stringify(shape)}`,
    spec: graph(
      { x: [...shape.slice(0, -1), 2] },
      { h: dense("x", shape.at(-1)!), t: { type: "transpose", input: "h", ...(perm && { perm }) }, o: dense("t", 2, "identity") },
      "o",
      { y: [...out.slice(0, -1), 2] },
    ),
  })),
  {
    label: "reshape [3, 4] → [2, 6]",
    spec: graph({ x: [3, 2] }, { h: dense("x", 4), r: { type: "reshape", input: "h", shape: [2, 6] }, o: dense("r", 3, "identity") }, "o", { y: [2, 3] }),
  },
  {
    label: "reshape [3, 4] → [-1, 2, 2]",
    spec: graph({ x: [3, 2] }, { h: dense("x", 4), r: { type: "reshape", input: "h", shape: [-1, 2, 2] } }, "r", { y: [3, 2, 2] }),
  },
  {
    label: "flatten [3, 4] → [12]",
    spec: graph({ x: [3, 2] }, { h: dense("x", 4), f: { type: "flatten", input: "h" }, o: dense("f", 3, "identity") }, "o", { y: [3] }),
  },
  ...[
    { axis: 0, out: [5, 4] },
    { axis: -1, out: [3, 9] },
  ].map(({ axis, out }) => ({
    label: `concat axis ${axis}`,
    spec: graph(
      { x: [3, 2] },
      axis === 0
        ? { a: dense("x", 4), b: { type: "slice", input: "a", begin: [1, 0], size: [2, -1] }, c: { type: "concat", inputs: ["a", "b"], axis } }
        : { a: dense("x", 4), b: dense("x", 5, "relu"), c: { type: "concat", inputs: ["a", "b"], axis } },
      "c",
      { y: out },
    ),
  })),
  {
    label: "concat of three inputs (default axis)",
    spec: graph({ x: [3, 2] }, { a: dense("x", 1), b: dense("x", 2), c: { type: "concat", inputs: ["a", "b", "a"] } }, "c", { y: [3, 4] }),
  },
  {
    label: "slice begin [1, 1] size [2, -1] of [3, 4]",
    spec: graph({ x: [3, 2] }, { h: dense("x", 4), s: { type: "slice", input: "h", begin: [1, 1], size: [2, -1] } }, "s", { y: [2, 3] }),
  },
  {
    label: "slice of an int32 input before an embedding",
    spec: graph(
      { tok: int32(6) },
      { s: { type: "slice", input: "tok", begin: [2], size: [3] }, e: { type: "embedding", input: "s", inputDim: 5, outputDim: 3 } },
      "e",
      { y: [3, 3] },
    ),
  },

  // ---- matmul (batch axes, both transposes)
  ...[
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ].map(([transposeA, transposeB]) => ({
    label: `matmul [2, ·, ·] × [2, ·, ·] transposeA ${transposeA} transposeB ${transposeB}`,
    spec: graph(
      { x: [2, 3, 2], z: [2, 4, 2] },
      {
        a: dense("x", 4), // [2, 3, 4]
        b: dense("z", 5), // [2, 4, 5]
        at: { type: "transpose", input: "a", perm: [0, 2, 1] },
        bt: { type: "transpose", input: "b", perm: [0, 2, 1] },
        p: { type: "matmul", inputs: [transposeA ? "at" : "a", transposeB ? "bt" : "b"], transposeA, transposeB },
      },
      "p",
      { y: [2, 3, 5] },
    ),
  })),
  // A constant operand with batch axes, or on the left (found by the N-D fuzzer: lowered as n copies).
  ...[
    { label: "matmul constant [2, 4, 3] (batch axis) on the right, transposeB", inputs: ["a", "k"], k: [2, 4, 3], transposeB: true, out: 24 },
    { label: "matmul constant [2, 3] on the left of a batched [3, 6]", inputs: ["k", "a2"], k: [2, 3], transposeB: false, out: 12 },
  ].map(({ label, inputs, k, transposeB, out }) => ({
    label,
    spec: graph(
      { x: [2, 3, 2] },
      {
        a: dense("x", 3), // [2, 3, 3]
        a2: { type: "reshape", input: "a", shape: [3, 6] },
        k: { type: "constant", value: constantOf(k) },
        p: { type: "matmul", inputs, transposeB },
        o: { type: "reshape", input: "p", shape: [-1] },
      },
      "o",
      { y: [out] },
    ),
  })),
  {
    label: "concat of a batched value and a constant (found by the N-D fuzzer)",
    spec: graph(
      { x: [3, 2] },
      { a: dense("x", 4), k: { type: "constant", value: constantOf([3, 2]) }, c: { type: "concat", inputs: ["k", "a", "k"], axis: -1 }, o: dense("c", 2) },
      "o",
      { y: [3, 2] },
    ),
  },
  {
    label: "matmul scores [T, d]·[T, d]ᵀ (attention-like, transposeB)",
    spec: graph({ x: [4, 3] }, { q: dense("x", 5), k: dense("x", 5), s: { type: "matmul", inputs: ["q", "k"], transposeB: true } }, "s", { y: [4, 4] }),
  },
  ...[false, true].map((transposeA) => ({
    label: `matmul: constant [2, 3] · per-sample [3, 4]${transposeA ? " (the constant given as [3, 2], transposeA)" : ""}`,
    spec: graph(
      { x: [3, 4] },
      {
        c: { type: "constant", value: transposeA ? [[0.5, -1], [2, 0.25], [-0.75, 1.5]] : [[0.5, 2, -0.75], [-1, 0.25, 1.5]] },
        h: dense("x", 4),
        left: { type: "matmul", inputs: ["c", "h"], transposeA },
      },
      "left",
      { y: [2, 4] },
    ),
  })),

  // ---- broadcasting binaries, unary ops, scale, constants
  ...(["sub", "mul", "div", "maximum", "minimum"] as const).map((op) => ({
    label: `${op}: [3, 4] with [4] and [3, 1] with [1, 4]`,
    spec: graph(
      { x: [3, 2] },
      {
        a: dense("x", 4),
        v: dense("x", 4, "sigmoid"), // positive: the divisors below are means of it
        b: { type: "mean", input: "v", axes: [0] }, // [4]
        col: { type: "mean", input: "a", axes: [1], keepDims: true }, // [3, 1]
        row: { type: "mean", input: "v", axes: [0], keepDims: true }, // [1, 4]
        c: { type: op, inputs: ["a", "b"] },
        d: { type: op, inputs: ["col", "row"] },
        o: { type: "add", inputs: ["c", "d"] },
      },
      "o",
      { y: [3, 4] },
    ),
  })),
  ...(["exp", "log", "sqrt", "square", "abs", "neg"] as const).map((op) => ({
    label: `unary ${op}`,
    spec: graph(
      { x: [3, 2] },
      {
        h: dense("x", 4, ["log", "sqrt"].includes(op) ? "softplus" : "tanh"),
        p: { type: "add", inputs: ["h", "eps"] },
        eps: { type: "constant", value: 0.1 },
        u: { type: op, input: "p" },
      },
      "u",
      { y: [3, 4] },
    ),
  })),
  { label: "scale", spec: graph({ x: [3, 2] }, { h: dense("x", 4), s: { type: "scale", input: "h", factor: -2.5 } }, "s", { y: [3, 4] }) },
  {
    label: "constant [3, 4] (nested array) added to a batched [3, 4], constant [4] multiplied",
    spec: graph(
      { x: [3, 2] },
      {
        h: dense("x", 4),
        c: {
          type: "constant",
          value: [
            [0.5, -1, 2, 0],
            [1, 1, -0.5, 0.25],
            [0, 3, -2, 1],
          ],
        },
        w: { type: "constant", value: [2, -1, 0.5, 3] },
        s: { type: "add", inputs: ["h", "c"] },
        m: { type: "mul", inputs: ["s", "w"] },
      },
      "m",
      { y: [3, 4] },
    ),
  },

  // ---- loss forms
  {
    label: "loss array with weights: 0.5·mse(output) + 2·sigmoidCrossEntropy(another node) + huber",
    spec: graph({ x: [3, 2] }, { h: dense("x", 4), o: dense("h", 2, "identity"), side: dense("h", 3, "identity") }, "o", { y: [3, 2], flags: [3, 3] }, [
      { type: "mse", target: "y", weight: 0.5 },
      { type: "sigmoidCrossEntropy", output: "side", target: "flags", weight: 2 },
      { type: "huber", target: "y", weight: 0.25, delta: 0.5 },
    ]),
  },
  {
    label: "custom loss: a node reading the target (mean squared error by hand, then sum)",
    spec: graph(
      { x: [3, 2] },
      {
        o: dense("x", 4, "identity"),
        d: { type: "sub", inputs: ["o", "y"] },
        sq: { type: "square", input: "d" },
        l: { type: "sum", input: "sq" },
      },
      "o",
      { y: [3, 4] },
      { type: "custom", node: "l" },
    ),
  },
  {
    label: "custom loss plus a weighted sparse term; several outputs",
    spec: graph(
      { tok: int32(3) },
      {
        e: { type: "embedding", input: "tok", inputDim: 5, outputDim: 4 },
        logits: dense("e", 5, "identity"),
        n: { type: "square", input: "e" },
        reg: { type: "mean", input: "n" },
      },
      ["logits", "e"],
      { next: int32(3) },
      [
        { type: "sparseSoftmaxCrossEntropy", target: "next" },
        { type: "custom", node: "reg", weight: 0.1 },
      ],
    ),
  },
];
