// Every primitive op, and every activation with every loss, against TensorFlow.js in float32.
//
// 1. Primitive ops (IR level): params → op → mse against a fixed target, compiled to a float32
//    module; the same function written with tf ops and differentiated by tf. Ops that exist only
//    inside gradients (gelu_slope, softmax_vjp, ...) are checked through their parents.
// 2. Activations × losses (spec level): a graph with a dense layer using the activation, the same
//    activation as a standalone node, fan-out into an `add`, and a dense head into each loss.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { formatShape, type Attrs, type Shape } from "../../compiler/ir/graph.ts";
import type { OpName } from "../../compiler/ops/index.ts";
import { ACTIVATIONS, SAME_SHAPE_LOSSES as LOSSES, validateSpec, type Activation } from "../../src/index.ts";
import { compileOpGraph } from "../support/op-graph.ts";
import { CONVS, convOps, convOutShape, DOT_GENERALS, POOLS, poolOps, poolOutShape, poolPads, TRANSPOSES, type ConvCase, type PoolCase } from "../support/nd-cases.ts";
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
  /** Operand indices that are i32 indices (Int32Array inputs), given exactly in `indices`. */
  i32?: number[];
  indices?: Record<number, number[]>;
  /** Sampling range per operand: "any" [−2, 2], "positive" [0.2, 2.2], "probability" [0, 1]. */
  domain?: ("any" | "positive" | "nonzero" | "probability" | "kink")[];
  /** The batch size batched operands run at (default BATCH). */
  batch?: number;
  /** The number of terms the op and its derivatives sum per element, at most (the tolerance grows with it). */
  terms?: number;
  /** The same function with tf ops; `out` is the op's output shape with the batch resolved. */
  tf: (xs: T[], attrs: Attrs, out: number[]) => T;
}

const M = [3, 4];
/** A batched operand: an input of BATCH samples plus a parameter broadcast over them (op-graph.ts). */
const B3: Shape = ["n", 3, 4];
const BATCH = 2;
const dimsAt = (batch: number) => (s: Shape) => s.map((d) => (d === "n" ? batch : d));
const dims = dimsAt(BATCH);
/** One row of an op's table: its operand shapes, attributes and label. */
type Variant = Pick<OpCase, "shapes" | "attrs" | "label">;
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
  { op: "softmax", shapes: [M], tf: ([x]) => tf.softmax(x) },
  { op: "logsumexp", shapes: [M], tf: ([x]) => tf.logSumExp(x, -1) },
  { op: "logsumexp", label: "rank 3", shapes: [[2, 3, 4]], tf: ([x]) => tf.logSumExp(x, -1) },
  un("sqrt", (x) => tf.sqrt(x), {}, ["positive"]),
  { op: "sqrt", label: "batched", shapes: [B3], domain: ["positive"], tf: ([x]) => tf.sqrt(x) },
  un("rsqrt", (x) => tf.rsqrt(x), {}, ["positive"]),
  // (tf.abs's gradient at 0 is −1, tapeless's sign(0) = 0: compared away from 0)
  un("abs", (x) => tf.abs(x)),
  un("sign", (x) => tf.sign(x)),
  un("square", (x) => tf.square(x), {}, ["any"]),
  { op: "square", label: "batched", shapes: [B3], tf: ([x]) => tf.square(x) },
  bin("maximum", tf.maximum),
  bin("minimum", tf.minimum),
  // every element a tie: tf gives the whole gradient to the first operand, and so must tapeless
  { ...bin("maximum", tf.maximum, ["kink", "kink"]), label: "at ties" },
  { ...bin("minimum", tf.minimum, ["kink", "kink"]), label: "at ties" },
  { op: "maximum", label: "batched", shapes: [B3, B3], tf: ([a, b]) => tf.maximum(a, b) },
  // [a ≥ b] = 1 − [b − a > 0], from ops tf differentiates (to 0)
  bin("greater_equal", (a, b) => tf.sub(1, tf.step(tf.sub(b, a)))),
  // the kink points hold zeros: both branches taken
  { op: "select", shapes: [M, M, M], data: [0], domain: ["kink", "any", "any"], tf: ([c, a, b]) => tf.where(tf.notEqual(c, 0), a, b) },
  ...TRANSPOSES.map(([shape, perm]): OpCase => ({ op: "transpose", label: `${JSON.stringify(shape)} perm ${perm}`, shapes: [shape], attrs: { perm }, tf: ([x]) => tf.transpose(x, perm) })),
  ...DOT_GENERALS.map(([label, shapes, attrs]): OpCase => ({ op: "dot_general", label, shapes, attrs, tf: ([a, b], at) => dotGeneral(a, b, at) })),
  ...CONVS.flatMap((c) => convOps(c).map(({ op, shapes, attrs }): OpCase => ({ op, label: c.label, shapes, attrs, batch: c.batch, terms: convTerms(c), tf: (xs) => CONV_TF[op](xs, c) }))),
  ...CONVS.flatMap((c) => convOps(c, "depthwise_conv2d").map(({ op, shapes, attrs }): OpCase => ({ op, label: c.label, shapes, attrs, batch: c.batch, terms: depthwiseTerms(c), tf: (xs) => DEPTHWISE_TF[op](xs, c) }))),
  ...POOLS.flatMap((c) => poolOps(c).filter(({ op }) => !Array.isArray(c.padding) || !isArgmaxOp(op)).map(({ op, shapes, attrs }): OpCase => ({
    op, label: c.label, shapes, attrs, batch: c.batch, terms: c.window[0] * c.window[1],
    // x only locates the maxima of the gradient ops: data (its derivative is 0 almost everywhere, checked by finite differences)
    data: isArgmaxOp(op) ? [0] : [],
    tf: (xs) => POOL_TF[op](xs, c),
  }))),
  // Indices repeat, so the table gradient sums rows (scatter_add); [n, 3] indices run at batch 2.
  ...(
    [
      { label: "rows of 3", shapes: [[5, 3], [4]], indices: [1, 4, 1, 0] },
      { label: "a vector table", shapes: [[5], [6]], indices: [4, 0, 4, 4, 2, 0] },
      { label: "batched [n,3] into rows [2,2]", shapes: [[4, 2, 2], ["n", 3]], indices: [0, 3, 3, 1, 0, 2] },
    ] satisfies { label: string; shapes: Shape[]; indices: number[] }[]
  ).map(({ label, shapes, indices }): OpCase => ({ op: "gather", label, shapes, i32: [1], indices: { 1: indices }, tf: ([t, i]) => tf.gather(t, i) })),
  {
    // scatter_add(u, idx, like) = oneHot(idx)ᵀ · u: the adjoint of gather written with tf ops
    op: "scatter_add",
    shapes: [[4, 3], [4], [5, 3]],
    i32: [1],
    data: [2],
    indices: { 1: [2, 0, 2, 4] },
    tf: ([u, i]) => tf.matMul(tf.oneHot(i as tf.Tensor1D, 5).toFloat(), u, true, false),
  },
  ...(
    [
      { label: "depth 5", shapes: [[6]], indices: [4, 0, 2, 2, 1, 0], depth: 5 },
      { label: "batched [n,2], depth 3", shapes: [["n", 2]], indices: [2, 0, 1, 1], depth: 3 },
    ] satisfies { label: string; shapes: Shape[]; indices: number[]; depth: number }[]
  ).map(({ label, shapes, indices, depth }): OpCase => ({ op: "one_hot", label, shapes, attrs: { depth }, i32: [0], indices: { 0: indices }, tf: ([i]) => tf.oneHot(i as tf.Tensor1D, depth).toFloat() })),
  // Movement and reduction ops; [n, ...] operands are batched (3 samples, each with its own values).
  ...([
    { shapes: [M], attrs: { shape: [2, 6] }, label: "[3,4] → [2,6]" },
    { shapes: [[2, 3, 2]], attrs: { shape: [12] }, label: "[2,3,2] → [12]" },
    { shapes: [["n", 3, 4]], attrs: { shape: [4, 3] }, label: "batched" },
  ] satisfies Variant[]).map((c): OpCase => ({ op: "reshape", ...c, tf: ([x], _, out) => tf.reshape(x, out) })),
  ...([
    [[4], M],
    [[3, 1], [2, 3, 4]],
    [[], M],
    [[3, 1], ["n", 3, 4]],
    [["n", 1, 4], ["n", 3, 4]],
  ] satisfies [Shape, Shape][]).map(([x, like]): OpCase => ({ op: "broadcast", label: `${formatShape(x)} → ${formatShape(like)}`, shapes: [x, like], data: [1], tf: ([v, l]) => tf.add(tf.zerosLike(l), v) })),
  ...([
    [[3, 1], [2, 3, 4]],
    [[4], ["n", 3, 4]],
    [["n", 3, 1], ["n", 3, 4]],
  ] satisfies [Shape, Shape][]).map(([x, like]): OpCase => ({
    op: "broadcast_mean",
    label: `${formatShape(x)} → ${formatShape(like)}`,
    shapes: [x, like],
    data: [1],
    tf: ([v, l]) => tf.div(tf.add(tf.zerosLike(l), v), l.size / v.size),
  })),
  ...(["reduce_sum", "reduce_mean", "reduce_max"] as const).flatMap((op) =>
    ([
      [M, [0]],
      [M, [1]],
      [M, [0, 1]],
      [["n", 3, 4], [0]],
      [["n", 3, 4], [0, 1]],
      [["n", 3, 4], [1]],
      [["n", 3, 4], [2]],
      [["n", 3, 4], [0, 2]],
      [["n", 3, 4], [1, 2]],
      [["n", 3, 4], [0, 1, 2]],
    ] satisfies [Shape, number[]][]).map(([shape, axes]): OpCase => ({
      op,
      label: `${formatShape(shape)} axes [${axes}]`,
      shapes: [shape],
      attrs: { axes },
      tf: ([x], a) => (op === "reduce_sum" ? tf.sum : op === "reduce_mean" ? tf.mean : tf.max)(x, a.axes as number[]),
    })),
  ),
  ...([
    { shapes: [M], attrs: { begin: [1, 1], size: [2, 2] }, label: "[3,4]" },
    { shapes: [M], attrs: { begin: [0, 2], size: [-1, -1] }, label: "size -1 (to the end)" },
    { shapes: [[2, 3, 4]], attrs: { begin: [1, 0, 1], size: [1, 3, 2] }, label: "[2,3,4]" },
    { shapes: [["n", 3, 4]], attrs: { begin: [0, 1, 1], size: [-1, 2, 3] }, label: "batched" },
  ] satisfies Variant[]).map((c): OpCase => ({ op: "slice", ...c, tf: ([x], a) => tf.slice(x, a.begin as number[], a.size as number[]) })),
  ...([
    { shapes: [M], attrs: { before: [1, 0], after: [0, 2] }, label: "[3,4]" },
    { shapes: [[2, 3, 2]], attrs: { before: [0, 1, 1], after: [1, 0, 2] }, label: "[2,3,2]" },
    { shapes: [["n", 3, 4]], attrs: { before: [0, 2, 0], after: [0, 1, 1] }, label: "batched" },
  ] satisfies Variant[]).map((c): OpCase => ({
    op: "pad",
    ...c,
    tf: ([x], a) => tf.pad(x, (a.before as number[]).map((b, i): [number, number] => [b, (a.after as number[])[i]!])),
  })),
  ...([
    { shapes: [M, [2, 4]], attrs: { axis: 0 }, label: "axis 0" },
    { shapes: [M, [3, 1], [3, 2]], attrs: { axis: 1 }, label: "axis 1, three inputs" },
    { shapes: [["n", 2, 3], ["n", 1, 3]], attrs: { axis: 1 }, label: "batched, axis 1" },
    { shapes: [["n", 2, 3], ["n", 2, 1]], attrs: { axis: 2 }, label: "batched, axis 2" },
  ] satisfies Variant[]).map((c): OpCase => ({ op: "concat", ...c, tf: (xs, a) => tf.concat(xs, a.axis as number) })),
];

/**
 * dot_general written with tf.transpose, tf.reshape and one batched tf.matMul: A to [batch, free,
 * contracted], B to [batch, contracted, free], multiplied, reshaped to [batch…, A's free…, B's free…].
 */
function dotGeneral(a: T, b: T, attrs: Attrs): T {
  const [lb, rb, lc, rc] = ["lb", "rb", "lc", "rc"].map((k) => attrs[k] as number[]);
  const free = (x: T, used: number[]) => x.shape.map((_, i) => i).filter((i) => !used.includes(i));
  const [lf, rf] = [free(a, [...lb, ...lc]), free(b, [...rb, ...rc])];
  const size = (x: T, axes: number[]) => axes.reduce((p, i) => p * x.shape[i]!, 1);
  const [batch, m, k, n] = [size(a, lb), size(a, lf), size(a, lc), size(b, rf)];
  const a3 = tf.reshape(tf.transpose(a, [...lb, ...lf, ...lc]), [batch, m, k]);
  const b3 = tf.reshape(tf.transpose(b, [...rb, ...rc, ...rf]), [batch, k, n]);
  const shape = [...lb.map((i) => a.shape[i]!), ...lf.map((i) => a.shape[i]!), ...rf.map((i) => b.shape[i]!)];
  return tf.reshape(tf.matMul(a3, b3), shape);
}

// ---- The convolution family with tf.conv2d ----------------------------------------------------
// tf.conv2d refuses strides and dilations both above 1, and its gradient refuses any dilation above
// 1: a dilated kernel is written out instead, its taps d apart with zeros between (the same sum),
// and tf.conv2d runs undilated. Explicit padding is tf's form [[0,0],[top,bottom],[left,right],[0,0]].

/** t with d − 1 zeros inserted between consecutive entries along `axis` (differentiable: stack, reshape, slice). */
function spread(t: T, axis: number, d: number): T {
  if (d === 1) return t;
  const stacked = tf.stack([t, ...Array.from({ length: d - 1 }, () => tf.zerosLike(t))], axis + 1);
  const merged = tf.reshape(stacked, t.shape.map((n, a) => (a === axis ? n * d : n)));
  return tf.slice(merged, t.shape.map(() => 0), t.shape.map((n, a) => (a === axis ? (n - 1) * d + 1 : n)));
}

const explicitPads = (c: ConvCase): [[number, number], [number, number], [number, number], [number, number]] =>
  [[0, 0], [c.pads[0], c.pads[1]], [c.pads[2], c.pads[3]], [0, 0]];

/** k [kh,kw,C,F] dilated: its taps dh, dw apart. */
const dilatedKernel = (k: T, c: ConvCase) => spread(spread(k, 0, c.dilations[0]), 1, c.dilations[1]) as tf.Tensor4D;

const CONV_TF = {
  conv2d: ([x, k]: T[], c: ConvCase) => tf.conv2d(x as tf.Tensor4D, dilatedKernel(k!, c), c.strides, explicitPads(c), "NHWC"),
  // tf's own ∂L/∂x of conv2d (Conv2DBackpropInput), given x's shape
  conv2d_input_grad: ([g, k]: T[], c: ConvCase) =>
    tf.conv2dTranspose(g as tf.Tensor4D, dilatedKernel(k!, c), [g!.shape[0]!, ...(c.x.slice(1) as [number, number, number])], c.strides, explicitPads(c)),
  // dk[p,q,c,f] = Σ_{n,i,j} xpad[n, p·dh + i·sh, q·dw + j·sw, c] · g[n,i,j,f]: a conv2d of x (batch and
  // channels swapped) by g as the filter [OH,OW,N,F] spread by the strides, stepping by the dilations
  conv2d_kernel_grad: ([x, g]: T[], c: ConvCase) => {
    const image = tf.transpose(tf.pad(x!, explicitPads(c)), [3, 1, 2, 0]) as tf.Tensor4D;
    const filter = spread(spread(tf.transpose(g!, [1, 2, 0, 3]), 0, c.strides[0]), 1, c.strides[1]) as tf.Tensor4D;
    const r = tf.conv2d(image, filter, c.dilations, "valid");
    return tf.transpose(tf.slice(r, [0, 0, 0, 0], [c.k[2], c.k[0], c.k[1], c.k[3]]), [1, 2, 0, 3]);
  },
};

/** The most terms any element of the three ops sums: kh·kw·C (y), kh·kw·F (∂x), N·OH·OW (∂k). */
function convTerms(c: ConvCase): number {
  const [kh, kw, C, F] = c.k;
  const [N, OH, OW] = convOutShape(c).map((d) => (d === "n" ? c.batch : d)) as number[];
  return Math.max(kh * kw * C, kh * kw * F, N! * OH! * OW!);
}

// ---- The depthwise family with tf.depthwiseConv2d ----------------------------------------------
// depthwise_conv2d is tf.depthwiseConv2d (the dilated kernel written out as for conv2d: tf's depthwise
// gradient refuses dilations above 1), and tf.grad of it checks the VJP against tf's
// DepthwiseConv2dNativeBackpropInput / BackpropFilter. The gradient ops on their own need functions
// tf differentiates (it has no gradient of the backprop kernels): channel c of the input is a conv2d
// of x[..., c] by k[:, :, c:c+1, :] into output channels c·M … c·M + M − 1, so the input gradient is
// conv2d_input_grad per channel and the kernel gradient conv2d_kernel_grad per channel (the conv
// constructions above, each on the one-channel case), concatenated over the channels.

/** Channel c's conv2d case: one input channel, the kernel [kh,kw,1,M]. */
const channelCase = (c: ConvCase): ConvCase => ({ ...c, x: [...c.x.slice(0, 3), 1], k: [c.k[0], c.k[1], 1, c.k[3]] });

/** Input channel `ch`'s slice of t along `axis`, `width` entries per channel. */
const channelSlice = (t: T, axis: number, ch: number, width: number): T => tf.slice(t, t.shape.map((_, a) => (a === axis ? ch * width : 0)), t.shape.map((n, a) => (a === axis ? width : n)));

const DEPTHWISE_TF = {
  depthwise_conv2d: ([x, k]: T[], c: ConvCase) => tf.depthwiseConv2d(x as tf.Tensor4D, dilatedKernel(k!, c), c.strides, explicitPads(c), "NHWC"),
  depthwise_conv2d_input_grad: ([g, k]: T[], c: ConvCase) => {
    const [C, M] = [c.k[2], c.k[3]];
    return tf.concat(Array.from({ length: C }, (_, ch) => CONV_TF.conv2d_input_grad([channelSlice(g!, 3, ch, M), channelSlice(k!, 2, ch, 1)], channelCase(c))), 3);
  },
  depthwise_conv2d_kernel_grad: ([x, g]: T[], c: ConvCase) => {
    const [C, M] = [c.k[2], c.k[3]];
    return tf.concat(Array.from({ length: C }, (_, ch) => CONV_TF.conv2d_kernel_grad([channelSlice(x!, 3, ch, 1), channelSlice(g!, 3, ch, M)], channelCase(c))), 2);
  },
};

/** The most terms any element of the three ops sums: kh·kw (y), kh·kw·M (∂x), N·OH·OW (∂k). */
function depthwiseTerms(c: ConvCase): number {
  const [kh, kw, , M] = c.k;
  const [N, OH, OW] = convOutShape(c, "depthwise_conv2d").map((d) => (d === "n" ? c.batch : d)) as number[];
  return Math.max(kh * kw * M, N! * OH! * OW!);
}

// ---- Pooling with tf.maxPool and tf.avgPool ----------------------------------------------------
// max_pool2d and avg_pool2d are tf.maxPool and tf.avgPool ("valid", "same" or explicit pads), and
// tf.grad of them checks max_pool2d_grad and avg_pool2d_grad as their VJPs. The gradient ops on their
// own (their values, and their VJPs: max_pool2d_gather, avg_pool2d) need tf functions of ∂L/∂y that
// tf differentiates (tf has no gradient of MaxPoolGrad or AvgPoolGrad): the first maximum's flat index
// from tf.maxPoolWithArgmax (its cpu kernel keeps the first maximum in row-major order, a strict >),
// then an unsortedSegmentSum of g at those indices or a gather of u there; and the average's adjoint
// as a conv2dTranspose of g / count by a per-channel window of ones. tf.maxPoolWithArgmax takes only
// "valid" and "same": the argmax-based ops of the explicit-pad cases are left to the finite
// differences (their maxima are found by the same code as max_pool2d's gradient, checked here).

/** The ops locating maxima by x's values (a function: the case table above is built before the constants here). */
function isArgmaxOp(op: OpName): boolean {
  return op === "max_pool2d_grad" || op === "max_pool2d_gather";
}

/** tf's padding for a case: its name, or the explicit form [[0,0],[top,bottom],[left,right],[0,0]]. */
const tfPadding = (c: PoolCase): "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]] =>
  Array.isArray(c.padding) ? [[0, 0], [c.padding[0], c.padding[1]], [c.padding[2], c.padding[3]], [0, 0]] : c.padding;

/** The flat index ((b·H + h)·W + w)·C + c of each window's first maximum in x. */
function argmaxOf(x: T, c: PoolCase): T {
  const { indexes } = tf.maxPoolWithArgmax(x as tf.Tensor4D, c.window, c.strides, c.padding as "valid" | "same", true);
  return tf.reshape(indexes!, [-1]);
}

/** The count of each window's positions inside x, [OH, OW, 1]. */
function windowCounts(c: PoolCase): T {
  const [top, , left] = poolPads(c);
  const [, OH, OW] = poolOutShape(c) as [unknown, number, number];
  const [, H, W] = c.x as [unknown, number, number];
  const inside = (start: number, window: number, size: number) => Math.min(start + window, size) - Math.max(start, 0);
  const counts = Array.from({ length: OH * OW }, (_, k) => inside(Math.floor(k / OW) * c.strides[0] - top, c.window[0], H) * inside((k % OW) * c.strides[1] - left, c.window[1], W));
  return tf.tensor(counts, [OH, OW, 1]);
}

/**
 * TensorFlow's padded average written with an unpadded tf.avgPool: the window sums of x padded with
 * zeros, divided by the count of positions inside x. tf.avgPool's own gradient cannot serve on a
 * padded case: TensorFlow.js 4.22's cpu AvgPoolGrad divides every window by its full area
 * (tfjs-backend-cpu kernels/AvgPoolGrad.js, `avgMultiplier = 1 / (filterHeight * filterWidth)`), not by
 * the count its forward divides by, so it is not the derivative of tf.avgPool there (off by area/count
 * at the windows that reach the padding). The test below holds this form's values to tf.avgPool's.
 */
function paddedAvgPool(x: T, c: PoolCase): T {
  const [top, bottom, left, right] = poolPads(c);
  const sums = tf.mul(tf.avgPool(tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]) as tf.Tensor4D, c.window, c.strides, "valid"), c.window[0] * c.window[1]);
  return tf.div(sums, windowCounts(c));
}

const POOL_TF = {
  max_pool2d: ([x]: T[], c: PoolCase) => tf.maxPool(x as tf.Tensor4D, c.window, c.strides, tfPadding(c)),
  avg_pool2d: ([x]: T[], c: PoolCase) => (poolPads(c).some((p) => p > 0) ? paddedAvgPool(x!, c) : tf.avgPool(x as tf.Tensor4D, c.window, c.strides, "valid")),
  max_pool2d_grad: ([x, g]: T[], c: PoolCase) => tf.reshape(tf.unsortedSegmentSum(tf.reshape(g!, [-1]), argmaxOf(x!, c) as tf.Tensor1D, x!.size), x!.shape),
  max_pool2d_gather: ([x, u]: T[], c: PoolCase) => tf.reshape(tf.gather(tf.reshape(u!, [-1]), argmaxOf(x!, c)), [x!.shape[0]!, ...(poolOutShape(c).slice(1) as number[])]),
  avg_pool2d_grad: ([g]: T[], c: PoolCase) => {
    const C = c.x[3] as number;
    const ones = tf.tidy(() => tf.reshape(tf.tile(tf.reshape(tf.eye(C), [1, 1, C, C]), [c.window[0], c.window[1], 1, 1]), [c.window[0], c.window[1], C, C])) as tf.Tensor4D;
    const [top, bottom, left, right] = poolPads(c);
    const shape = [g!.shape[0]!, ...(c.x.slice(1) as [number, number, number])] as [number, number, number, number];
    return tf.conv2dTranspose(tf.div(g!, windowCounts(c)) as tf.Tensor4D, ones, shape, c.strides, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  },
};

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
    const { graph, out, data, batched, module } = await compileOpGraph(c, "f32", "oracle");
    const model = new module.Model();
    const dims = dimsAt(c.batch ?? BATCH);

    const next = rng(7);
    const count = (s: Shape) => dims(s).reduce((a, d) => a * d, 1);
    // A batched operand: values for its input (BATCH samples) and for its parameter (one sample).
    const values = c.shapes.map((s, i) => (c.i32?.includes(i) ? Int32Array.from(c.indices![i]!) : sample(count(s), c.domain?.[i] ?? "any", next)));
    const paramValues = c.shapes.map((s, i) => (batched.has(i) ? sample(count(s.slice(1)), c.domain?.[i] ?? "any", next) : values[i]));
    const targetValues = sample(count(out.shape), "any", next);
    graph.params.forEach((p, k) => model.params.set(paramValues[Number(p.id.slice(1))] as Float32Array, module.layout.params[k].offset));
    const inputs = c.shapes.flatMap((_, i) => (data.has(i) || batched.has(i) ? [values[i]] : []));
    const batch = [...c.shapes, out.shape].some((s) => s.includes("n")) ? (c.batch ?? BATCH) : 1;
    const lossValue = model.loss(...inputs, targetValues, batch);

    const tensors = c.shapes.map((s, i) => tf.tensor(values[i], dims(s), c.i32?.includes(i) ? "int32" : "float32"));
    const paramIdx = c.shapes.map((_, i) => i).filter((i) => !data.has(i));
    const paramTensors = paramIdx.map((i) => (batched.has(i) ? tf.tensor(paramValues[i], dims(c.shapes[i].slice(1))) : tensors[i]));
    const f = (...ps: T[]) => {
      const xs = tensors.slice();
      paramIdx.forEach((i, k) => (xs[i] = batched.has(i) ? tf.add(tensors[i], ps[k]) : ps[k]));
      const y = c.tf(xs, c.attrs ?? {}, dims(out.shape));
      return (out.shape.length === 0 ? y : tf.mean(tf.square(tf.sub(y, tf.tensor(targetValues, dims(out.shape)))))) as tf.Scalar;
    };
    if (paramIdx.length === 0) {
      // No parameter (one_hot of data): the output and the loss are what there is to compare.
      const y = c.tf(tensors, c.attrs ?? {}, dims(out.shape)).dataSync();
      expect(Array.from(model.forward(...inputs, batch).subarray(0, y.length))).toEqual(Array.from(y));
      expect(relative(lossValue, f().dataSync()[0], 1e-3)).toBeLessThan(f32Tolerance(1, 12));
      return;
    }
    model.backward();
    const { value, grads } = tf.valueAndGrads(f)(paramTensors);
    const tfGrads = new Float32Array(module.layout.paramCount);
    paramIdx.forEach((_, k) => tfGrads.set(grads[k].dataSync() as Float32Array, module.layout.params[k].offset));

    const lossErr = relative(lossValue, value.dataSync()[0], 1e-3);
    const g = compareGrads(model.grads, tfGrads, module.layout.params);
    table.note(`op ${name}`, "loss", lossErr);
    table.note(`op ${name}`, "grads", g.worst);
    // The M cases reduce at most 12 terms one op deep: f32Tolerance(1, 12) ≈ 5.7e-6. The N-D cases
    // reduce longer (the mse over their outputs, dot_general's contraction), and a batched operand
    // adds its bias (one op deeper, summed over the batch in the gradient).
    const contraction = c.op === "dot_general" ? ((c.attrs?.lc ?? []) as number[]).reduce((p, ax) => p * dims(c.shapes[0])[ax], 1) : 1;
    const tol = f32Tolerance(batched.size > 0 ? 2 : 1, Math.max(12, count(out.shape), contraction, c.terms ?? 1));
    expect(lossErr).toBeLessThan(tol);
    expect(g.worst, `${g.param}[${g.index}]: ${g.a} vs ${g.b}`).toBeLessThan(tol);
  });
});

describe("the oracle's padded average is tf.avgPool's (float32)", () => {
  it.each(POOLS.filter((c) => poolPads(c).some((p) => p > 0)).map((c) => [c.label, c] as const))("%s", (_name, c) => {
    const next = rng(11);
    const shape = c.x.map((d) => (d === "n" ? c.batch : d)) as [number, number, number, number];
    const x = tf.tensor4d(sample(shape.reduce((a, d) => a * d, 1), "any", next), shape);
    const want = tf.avgPool(x, c.window, c.strides, tfPadding(c)).dataSync();
    const got = paddedAvgPool(x, c).dataSync();
    expect(got.length).toBe(want.length);
    // one rounding of the sum's ≤ ph·pw terms apart, |x| ≤ 2: well under 1e-5
    want.forEach((w, i) => expect(Math.abs(got[i]! - w), `element ${i}`).toBeLessThan(1e-5));
  });
});

describe("max_pool2d's gradient at ties = TensorFlow.js's (float32)", () => {
  // x of the integers 0..2: most windows hold a tied maximum; both route ∂L/∂y to the first in row-major order
  const TIES: [string, Shape, Attrs, [number, number], [number, number], "valid" | "same"][] = [
    ["2×2 stride 2, valid", [2, 4, 6, 2], { window: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] }, [2, 2], [2, 2], "valid"],
    ["3×3 stride 1, same, overlapping", [1, 5, 4, 2], { window: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1] }, [3, 3], [1, 1], "same"],
  ];
  it.each(TIES)("%s", async (_name, shape, attrs, window, strides, padding) => {
    const { module, out } = await compileOpGraph({ op: "max_pool2d", shapes: [shape], attrs }, "f32", "ties");
    const model = new module.Model();
    const next = rng(5);
    const size = (s: Shape) => s.reduce<number>((a, d) => a * (d as number), 1);
    const x = Float32Array.from({ length: size(shape) }, () => Math.floor(3 * next()));
    const target = Float32Array.from({ length: size(out.shape) }, () => 2 * next() - 1);
    model.params.set(x, module.layout.params[0].offset);
    model.loss(target, 1);
    model.backward();
    const t = tf.tensor(target, out.shape as number[]);
    const grad = tf.grad((v: T) => tf.mean(tf.square(tf.sub(tf.maxPool(v as tf.Tensor4D, window, strides, padding), t))))(tf.tensor(x, shape as number[]));
    // the same terms summed in the same order: equal up to float32 rounding of 2(y − t)/N
    const want = grad.dataSync();
    want.forEach((w, i) => expect(Math.abs(model.grads[i]! - w), `element ${i}: ${model.grads[i]} vs ${w}`).toBeLessThan(1e-6));
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
