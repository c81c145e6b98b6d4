// Every primitive op, and every activation with every loss, against TensorFlow.js in float32.
//
// 1. Primitive ops (IR level): params → op → mse against a fixed target, compiled to a float32
//    module; the same function written with tf ops and differentiated by tf. Ops that exist only
//    inside gradients (gelu_slope, softmax_vjp, ...) are checked through their parents.
// 2. Activations × losses (spec level): a graph with a dense layer using the activation, the same
//    activation as a standalone node, fan-out into an `add`, and a dense head into each loss.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import type { Attrs, Shape } from "../../compiler/ir/graph.ts";
import type { OpName } from "../../compiler/ops/index.ts";
import { ACTIVATIONS, SAME_SHAPE_LOSSES as LOSSES, validateSpec, type Activation } from "../../src/index.ts";
import { compileOpGraph } from "../support/op-graph.ts";
import { compileAndLoad, randomBatch } from "../support/compile-example.ts";
import { rng } from "../support/finite-diff.ts";
import { activate, tfReady } from "../support/tfjs-oracle.ts";
import { compareGrads, f32Tolerance, relative, WorstTable } from "../support/compare.ts";
import { compareWithOracle, describeComparison, runModel } from "../support/oracle-check.ts";

const table = new WorstTable();
beforeAll(tfReady);
afterAll(() => console.log(table.format("worst relative error against TensorFlow.js (float32), loss / gradients:")));

// ---- 1. Primitive ops ------------------------------------------------------------------------

type T = tf.Tensor;
interface OpCase {
  op: OpName;
  label?: string;
  shapes: Shape[];
  attrs?: Attrs;
  /** Operand indices that are data (inputs), not parameters. */
  data?: number[];
  /** Sampling range per operand: "any" [−2, 2], "positive" [0.2, 2.2], "probability" [0, 1]. */
  domain?: ("any" | "positive" | "nonzero" | "probability" | "kink")[];
  tf: (xs: T[], attrs: Attrs) => T;
}

const M = [3, 4];
const un = (op: OpName, f: (x: T, a: Attrs) => T, attrs: Attrs = {}, domain: OpCase["domain"] = ["nonzero"]): OpCase =>
  ({ op, shapes: [M], attrs, domain, tf: ([x], a) => f(x, a) });
const bin = (op: OpName, f: (a: T, b: T) => T, domain: OpCase["domain"] = ["any", "any"]): OpCase =>
  ({ op, shapes: [M, M], domain, tf: ([a, b]) => f(a, b) });
const act = (type: Activation["type"], alpha?: number) => (x: T) => activate(x, { type, alpha });

// [x > 0] + (1 − [x > 0])·α·exp(min(x, 0)), built from ops tf can differentiate
const eluSlope = (x: T, a: Attrs) => {
  const s = tf.step(x, 0);
  return tf.add(s, tf.mul(tf.sub(1, s), tf.mul(a.alpha as number, tf.exp(tf.minimum(x, 0)))));
};

/**
 * Activations at and around 0 with α ≠ 1 and ≠ the defaults: tf's gradients take the slope from
 * below at 0 (relu 0, leakyRelu α, minimum's tie → α·eˣ), the convention tapeless documents.
 */
const KINK_POINTS = [0, 0, 1e-5, -1e-5, 1e-3, -1e-3, 0.05, -0.05, 0.7, -0.7, 0, -1.9];
const atKink = (c: OpCase): OpCase => ({ ...c, label: `at the kink ${JSON.stringify(c.attrs ?? {})}`, domain: ["kink"] });
const KINK_CASES: OpCase[] = [
  un("relu", act("relu")),
  un("step", (x) => tf.step(x, 0)),
  un("leaky_relu", act("leakyRelu", 0.3), { alpha: 0.3 }),
  un("leaky_step", (x) => tf.step(x, 0.3), { alpha: 0.3 }),
  un("elu", act("elu", 1.7), { alpha: 1.7 }),
  un("elu", act("elu", 0.4), { alpha: 0.4 }),
  un("elu_slope", eluSlope, { alpha: 1.7 }),
  un("elu_slope", eluSlope, { alpha: 0.4 }),
  un("softplus", act("softplus")),
  un("gelu", act("gelu")),
  un("silu", act("silu")),
].map(atKink);

const OP_CASES: OpCase[] = [
  ...KINK_CASES,
  un("neg", (x) => tf.neg(x)),
  un("exp", (x) => tf.exp(x)),
  un("log", (x) => tf.log(x), {}, ["positive"]),
  un("tanh", act("tanh")),
  un("sigmoid", act("sigmoid")),
  un("relu", act("relu")),
  un("step", (x) => tf.step(x, 0)),
  un("leaky_relu", act("leakyRelu", 0.1), { alpha: 0.1 }),
  un("leaky_step", (x) => tf.step(x, 0.1), { alpha: 0.1 }),
  un("elu", act("elu", 1.5), { alpha: 1.5 }),
  un("elu_slope", eluSlope, { alpha: 1.5 }),
  un("softplus", act("softplus")),
  un("gelu", act("gelu")),
  un("silu", act("silu")),
  un("affine", (x) => tf.add(tf.mul(-2.5, x), 0.5), { scale: -2.5, shift: 0.5 }),
  un("zeros_like", (x) => tf.zerosLike(x)),
  bin("add", tf.add),
  bin("sub", tf.sub),
  bin("mul", tf.mul),
  bin("div", tf.div, ["any", "nonzero"]),
  { op: "mul_scalar", shapes: [M, []], tf: ([x, s]) => tf.mul(x, s) },
  { op: "dot", shapes: [M, M], tf: ([a, b]) => tf.sum(tf.mul(a, b)) },
  ...[[0, 0], [0, 1], [1, 0], [1, 1]].map(([ta, tb]): OpCase => ({
    op: "matmul",
    label: `${ta ? "Aᵀ" : "A"}·${tb ? "Bᵀ" : "B"}`,
    shapes: [ta ? [4, 3] : [3, 4], tb ? [5, 4] : [4, 5]],
    attrs: { ta, tb },
    tf: ([a, b]) => tf.matMul(a, b, ta === 1, tb === 1),
  })),
  { op: "bias_add", shapes: [M, [4]], tf: ([x, b]) => tf.add(x, b) },
  { op: "sum_rows", shapes: [M], tf: ([x]) => tf.sum(x, 0) },
  { op: "broadcast_rows", shapes: [[4], M], data: [1], tf: ([v, like]) => tf.add(tf.zerosLike(like), v) },
  { op: "softmax", shapes: [M], tf: ([x]) => tf.softmax(x) },
  { op: "mse", shapes: [M, M], data: [1], tf: ([p, t]) => tf.mean(tf.square(tf.sub(p, t))) },
  { op: "mae", shapes: [M, M], data: [1], tf: ([p, t]) => tf.losses.absoluteDifference(t, p) },
  ...[1, 0.5].map((delta): OpCase => ({
    op: "huber",
    label: `δ ${delta}`,
    shapes: [M, M],
    attrs: { delta },
    data: [1],
    tf: ([p, t]) => tf.losses.huberLoss(t, p, undefined, delta),
  })),
  {
    op: "softmax_xent",
    shapes: [M, M],
    data: [1],
    domain: ["any", "probability"],
    tf: ([z, y]) => tf.mean(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)), -1))),
  },
  {
    op: "sigmoid_xent",
    shapes: [M, M],
    data: [1],
    domain: ["any", "probability"],
    tf: ([z, y]) => tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))),
  },
];

function sample(n: number, domain: string, next: () => number): Float32Array {
  if (domain === "kink") return Float32Array.from(KINK_POINTS);
  return Float32Array.from({ length: n }, () => {
    const u = next();
    if (domain === "positive") return 0.2 + 2 * u;
    if (domain === "probability") return u;
    if (domain === "nonzero") return (u < 0.5 ? -1 : 1) * (0.2 + 3.6 * Math.abs(u - 0.5));
    return 4 * u - 2;
  });
}

describe("primitive ops: VJP = TensorFlow.js gradient (float32)", () => {
  it.each(OP_CASES.map((c) => [c.label ? `${c.op} ${c.label}` : c.op, c] as const))("%s", async (name, c) => {
    const { graph, out, data, module } = await compileOpGraph(c, "f32", "oracle");
    const model = new module.Model();

    const next = rng(7);
    const values = c.shapes.map((s, i) => sample(s.reduce<number>((a, d) => a * (d as number), 1), c.domain?.[i] ?? "any", next));
    const targetValues = sample(out.shape.reduce<number>((a, d) => a * (d as number), 1), "any", next);
    graph.params.forEach((p, k) => model.params.set(values[Number(p.id.slice(1))], module.layout.params[k].offset));
    const args = [...c.shapes.flatMap((_, i) => (data.has(i) ? [values[i]] : [])), targetValues];
    const lossValue = model.loss(...args, 1);
    model.backward();

    const tensors = c.shapes.map((s, i) => tf.tensor(values[i], s as number[]));
    const paramIdx = c.shapes.map((_, i) => i).filter((i) => !data.has(i));
    const f = (...ps: T[]) => {
      const xs = tensors.slice();
      paramIdx.forEach((i, k) => (xs[i] = ps[k]));
      const y = c.tf(xs, c.attrs ?? {});
      return (out.shape.length === 0 ? y : tf.mean(tf.square(tf.sub(y, tf.tensor(targetValues, out.shape as number[]))))) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)(paramIdx.map((i) => tensors[i]));
    const tfGrads = new Float32Array(module.layout.paramCount);
    paramIdx.forEach((_, k) => tfGrads.set(grads[k].dataSync() as Float32Array, module.layout.params[k].offset));

    const lossErr = relative(lossValue, value.dataSync()[0], 1e-3);
    const g = compareGrads(model.grads, tfGrads, module.layout.params);
    table.note(`op ${name}`, "loss", lossErr);
    table.note(`op ${name}`, "grads", g.worst);
    // Reductions here are at most 12 long, one op deep: the bound is f32Tolerance(1, 12) ≈ 5.7e-6.
    const tol = f32Tolerance(1, 12);
    expect(lossErr).toBeLessThan(tol);
    expect(g.worst, `${g.param}[${g.index}]: ${g.a} vs ${g.b}`).toBeLessThan(tol);
  });
});

// ---- 2. Activations × losses -----------------------------------------------------------------

// swish is another name for silu (the same op): one case, not a row of the table.
const ACTIVATION_CASES: Activation[] = [
  ...ACTIVATIONS.filter((type) => type !== "swish").map((type) => ({ type }) as Activation),
  { type: "leakyRelu", alpha: 0.05 },
  { type: "elu", alpha: 0.5 },
];

describe("activations × losses: tapeless float32 = TensorFlow.js", () => {
  const cases = [
    ...ACTIVATION_CASES.flatMap((a, i) => LOSSES.map((loss, j) => [`${a.type}${a.alpha === undefined ? "" : `(${a.alpha})`} + ${loss}`, a, loss, (i + j) % 2 === 0] as const)),
    ["swish + huber", { type: "swish" } as Activation, "huber", true] as const,
  ];
  it.each(cases)("%s", async (name, activation, loss, useBias) => {
    const alpha = activation.alpha === undefined ? {} : { alpha: activation.alpha };
    const spec = {
      name: "combo",
      maxBatch: 6,
      inputs: { x: [5] },
      targets: { y: [4] },
      nodes: {
        h: { type: "dense", input: "x", units: 7, activation: activation.type, ...alpha },
        a: { type: activation.type, input: "h", ...alpha },
        s: { type: "add", inputs: ["h", "a"] },
        out: { type: "dense", input: "s", units: 4, useBias },
      },
      output: "out",
      loss: { type: loss },
    };
    const normalized = validateSpec(spec);
    const { module } = await compileAndLoad(spec);
    const model = new module.Model({ seed: 5 });
    // Biases away from 0, so relu & co. are not evaluated at their kink by accident.
    const next = rng(9);
    for (const p of module.layout.params) {
      if (p.name.endsWith(".bias")) for (let i = 0; i < p.length; i++) model.params[p.offset + i] = next() - 0.5;
    }
    const batch = 5;
    const data = randomBatch(module, batch, 3, loss);
    const run = runModel(module, model, data.args, batch);
    const c = compareWithOracle(normalized, module.layout, model.params, data.inputs, data.targets, batch, run);
    table.note(name, "loss", c.loss);
    table.note(name, "grads", c.grads.worst);
    table.note(name, "output", c.output.worst);
    expect(c.worst, describeComparison(c)).toBeLessThan(c.tolerance);
  });
});
