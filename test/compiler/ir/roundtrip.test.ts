// print → parse → print is the identity, for forward and gradient graphs and for hostile names.
import { describe, expect, it } from "vitest";
import { printGraph } from "../../../compiler/ir/print.ts";
import { parseGraph, IrParseError } from "../../../compiler/ir/parse.ts";
import { verifyGraph } from "../../../compiler/ir/verify.ts";
import { GraphBuilder } from "../../../compiler/ir/builder.ts";
import { lowerLossFunction } from "../../../compiler/phases/1-lower/loss.ts";
import { lower } from "../../../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../../../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../../../compiler/phases/3-optimize/index.ts";
import { validateSpec } from "../../../src/spec/validate.ts";
import { exampleSpecs } from "../../support/examples.ts";

function hostileGraph() {
  const b = new GraphBuilder('we"ird\nname', "f32");
  const x = b.input("x with spaces", ["n", 3]);
  const w = b.param('k"); process.exit(1); //', [3, 2]);
  b.comment = "layer */ with\nnewline and # hash";
  const z = b.apply("matmul", [x, w], { ta: 0, tb: 0 }, "__proto__");
  b.comment = '"quoted comment"';
  const y = b.apply("leaky_relu", [z], { alpha: 1e-7 }, "ünïcödé");
  const t = b.input("target", ["n", 2]);
  b.comment = "";
  const loss = lowerLossFunction(b, "mse", y, t, "loss");
  return differentiate(b.finish(y.id, loss.id));
}

/** An i32 input, a second output, a list attribute: the N-dimensional IR's text. */
function twoOutputsGraph() {
  const b = new GraphBuilder("nd", "f64");
  const x = b.input("x", ["n", 3]);
  b.input("tokens", ["n", 4], "i32");
  const w = b.param("w", [3, 2]);
  b.comment = "layer";
  const z = b.apply("matmul", [x, w], { ta: 0, tb: 0 }, "z");
  const y = b.apply("tanh", [z], {}, "y");
  const t = b.input("target", ["n", 2]);
  const loss = lowerLossFunction(b, "mse", y, t, "loss");
  return differentiate(b.finish(y.id, loss.id, [], [z.id]));
}

/** The N-D ops: attention-like products with batch axes, a transpose, an i32 mask, the new elementwise ops. */
function ndGraph() {
  const b = new GraphBuilder("nd", "f32");
  const x = b.input("x", ["n", 3, 4]);
  const mask = b.input("mask", ["n", 3, 2, 3], "i32");
  const wq = b.param("wq", [4, 2, 3]);
  const wk = b.param("wk", [4, 2, 3]);
  b.comment = "attention";
  const dense = { lb: [], rb: [], lc: [2], rc: [0] };
  const q = b.apply("dot_general", [x, wq], dense, "q");
  const k = b.apply("dot_general", [x, wk], dense, "k");
  const scores = b.apply("dot_general", [q, k], { lb: [0, 2], rb: [0, 2], lc: [3], rc: [3] }, "scores");
  const t = b.apply("transpose", [scores], { perm: [0, 2, 1, 3] }, "t");
  const big = b.apply("maximum", [t, b.apply("square", [t])]);
  const small = b.apply("minimum", [b.apply("sqrt", [b.apply("abs", [t])]), b.apply("rsqrt", [b.affine(big, 1, 1)])]);
  const y = b.apply("select", [mask, big, small], {}, "y");
  const target = b.input("target", ["n", 3, 2, 3]);
  b.comment = "";
  const loss = lowerLossFunction(b, "mse", y, target, "loss");
  return differentiate(b.finish(y.id, loss.id));
}

/** i32 tokens through gather (an embedding) and one_hot (the target); the gradient holds scatter_add. */
function indexGraph() {
  const b = new GraphBuilder("tokens", "f32");
  const tokens = b.input("tokens", ["n", 4], "i32");
  const table = b.param("embed.embeddings", [3, 3]);
  b.comment = "embed";
  const e = b.apply("gather", [table, tokens], {}, "embed");
  b.comment = "classes";
  const classes = b.apply("one_hot", [tokens], { depth: 3 }, "classes");
  b.comment = "";
  const loss = lowerLossFunction(b, "mse", e, classes, "loss");
  return differentiate(b.finish(e.id, loss.id));
}

/** Every movement and reduction op, batched and not, with list attributes, a variadic concat and their gradients. */
function movementGraph() {
  const b = new GraphBuilder("movement", "f64");
  const x = b.input("x", ["n", 3, 4]);
  const w = b.param("w", [3, 1]);
  const v = b.param("v", [2, 2]);
  b.comment = "block";
  const scaled = b.mul(x, b.apply("broadcast", [w, x]));
  const flat = b.apply("reshape", [scaled], { shape: [12] });
  const part = b.apply("slice", [flat], { begin: [0, 2], size: [-1, 4] });
  const padded = b.apply("pad", [b.apply("reshape", [v], { shape: [4] })], { before: [1], after: [0] });
  const like = b.apply("slice", [flat], { begin: [0, 0], size: [-1, 5] });
  const joined = b.apply("concat", [part, flat, b.apply("broadcast", [padded, like])], { axis: 1 });
  const m = b.apply("reduce_max", [b.apply("reshape", [joined], { shape: [3, 7] })], { axes: [2] });
  const s = b.apply("reduce_sum", [scaled], { axes: [0, 2] });
  const loss = b.apply("reduce_mean", [b.mul(b.apply("broadcast", [s, m]), m)], { axes: [0, 1] }, "loss");
  return differentiate(b.finish(m.id, loss.id));
}

describe("IR text round trip", async () => {
  // Graphs are built inside each test, not while collecting: mutation testing attributes the
  // compiler code each test runs to that test.
  const graphs: [string, () => ReturnType<typeof hostileGraph>][] = [
    ["hostile names", hostileGraph],
    ["N-D ops", ndGraph],
    ["i32 input, two outputs", twoOutputsGraph],
    ["N-D ops, optimized", () => optimize(ndGraph())],
    ["i32 tokens: gather, one_hot, scatter_add", indexGraph],
    ["movement and reduction ops", movementGraph],
  ];
  const regression = (loss: object) => ({
    name: "regression",
    inputs: { x: [3] },
    targets: { y: [2] },
    layers: [{ type: "dense", units: 4, activation: "swish" }, { type: "dense", units: 2 }],
    loss,
  });
  const specs: [string, unknown][] = [
    ["huber (δ 0.3)", regression({ type: "huber", delta: 0.3 })],
    ["meanAbsoluteError", regression({ type: "meanAbsoluteError" })],
    // op names with digits (conv2d, max_pool2d) and camel-case attributes (avg_pool2d_grad's inputShape)
    [
      "conv and pooling layers",
      {
        name: "cnn",
        inputs: { x: [6, 5, 2] },
        targets: { y: [2] },
        layers: [
          { type: "conv2d", filters: 3, kernelSize: 3, padding: "same", activation: "relu" },
          { type: "maxPooling2d", padding: "same" },
          { type: "averagePooling2d", poolSize: [2, 1], strides: 1 },
          { type: "reshape", shape: [2, 9] },
          { type: "conv1d", filters: 2, kernelSize: 2, padding: "same" },
          { type: "maxPooling1d" },
          { type: "globalAveragePooling1d" },
          { type: "dense", units: 2 },
        ],
        loss: { type: "mse" },
      },
    ],
    ...(await exampleSpecs()),
  ];
  for (const [file, spec] of specs) {
    const forward = () => lower(validateSpec(spec)).graph;
    graphs.push([`${file} forward`, forward], [`${file} gradients`, () => optimize(differentiate(forward()))]);
  }

  it.each(graphs)("%s", (_name, build) => {
    const g = build();
    const text = printGraph(g);
    const parsed = parseGraph(text);
    verifyGraph(parsed);
    expect(printGraph(parsed)).toBe(text);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(g)));
  });

  it.each([
    ["not a graph", "grph x() {", /^IR line 1, column 1: /],
    ["unknown op", "graph g(%x: f32[n,2]; ) {\n  %0: f32[n,2] = frobnicate %x\n  output %0\n  loss %0\n}", /^IR line 2, column \d+: .*frobnicate/],
    ["missing attribute", "graph g(%x: f32[n,2]; ) {\n\n  %0: f32[n,2] = leaky_relu %x\n}", /^IR line 3, column \d+: .*alpha/],
    ["unterminated", "graph g(%x: f32[n,2]; ) {\n  output %x", /^IR line 2: missing closing "}"/],
  ])("rejects %s with the line number", (_name, text, message) => {
    expect(() => parseGraph(text)).toThrow(IrParseError);
    expect(() => parseGraph(text)).toThrow(message);
  });
});
