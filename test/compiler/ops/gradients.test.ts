// Finite-difference check of every op's derivative rule, in float64, through the whole pipeline:
// the op is wrapped in a tiny graph (params → op → mse against a fixed target), compiled to a
// module, and the module's backward pass is compared with central differences.
import { afterAll, describe, expect, it } from "vitest";
import type { Attrs, Shape } from "../../../compiler/ir/graph.ts";
import { OP_NAMES, type OpName } from "../../../compiler/ops/index.ts";
import { checkGradients, FD_TOLERANCE, rng } from "../../support/finite-diff.ts";
import { central, fromBelow, scaledError, scaleOf } from "../../support/fd-oracle.ts";
import { compileOpGraph } from "../../support/op-graph.ts";
import { CONVS, convOps, DOT_GENERALS, POOLS, poolOps, TRANSPOSES } from "../../support/nd-cases.ts";

type Domain = "any" | "positive" | "nonzero" | "probability" | "distribution";

interface Case {
  op: OpName;
  shapes: Shape[];
  attrs?: Attrs;
  /** Operands that are data (not differentiated), e.g. a loss's targets. */
  data?: number[];
  /** Operands that are i32 data (indices), given exactly in `values`. */
  i32?: number[];
  domain?: Domain[];
  label?: string;
  /** Exact operand values (by operand index) instead of samples: points on or around a kink. */
  values?: Record<number, number[]>;
  /** The batch size, for cases with batched operands (default BATCH). */
  batch?: number;
}

const M = [3, 4];
/** A batched shape: the operand is an input (batch 2) plus a parameter broadcast over the batch (op-graph.ts). */
const B3: Shape = ["n", 3, 4];
const BATCH = 2;
const unary = (op: OpName, attrs: Attrs = {}, domain: Domain = "nonzero"): Case => ({ op, shapes: [M], attrs, domain: [domain] });
const binary = (op: OpName, domain: Domain[] = ["any", "any"]): Case => ({ op, shapes: [M, M], domain });

const CASES: Case[] = [
  unary("neg"),
  unary("exp"),
  unary("log", {}, "positive"),
  unary("tanh"),
  unary("sigmoid"),
  unary("relu"),
  unary("step"),
  unary("leaky_relu", { alpha: 0.1 }),
  unary("leaky_step", { alpha: 0.1 }),
  unary("elu", { alpha: 1.5 }),
  unary("elu_slope", { alpha: 1.5 }),
  unary("softplus"),
  unary("gelu"),
  unary("silu"),
  unary("affine", { scale: -2.5, shift: 0.5 }),
  unary("zeros_like"),
  binary("add"),
  binary("sub"),
  binary("mul"),
  binary("div", ["any", "nonzero"]),
  { op: "mul_scalar", shapes: [M, []] },
  { op: "dot", shapes: [M, M] },
  { op: "matmul", shapes: [[3, 4], [4, 5]], attrs: { ta: 0, tb: 0 }, label: "A·B" },
  { op: "matmul", shapes: [[3, 4], [5, 4]], attrs: { ta: 0, tb: 1 }, label: "A·Bᵀ" },
  { op: "matmul", shapes: [[4, 3], [4, 5]], attrs: { ta: 1, tb: 0 }, label: "Aᵀ·B" },
  { op: "matmul", shapes: [[4, 3], [5, 4]], attrs: { ta: 1, tb: 1 }, label: "Aᵀ·Bᵀ" },
  { op: "softmax", shapes: [M] },
  { op: "logsumexp", shapes: [M] },
  { op: "logsumexp", shapes: [[2, 3, 4]], label: "rank 3, along the last axis" },
  unary("sqrt", {}, "positive"),
  { op: "sqrt", shapes: [B3], domain: ["positive"], label: "batched" },
  unary("rsqrt", {}, "positive"),
  unary("abs"),
  { op: "abs", shapes: [M], values: { 0: [0, 0, 0, 2 ** -10, -(2 ** -10), 0.5, -0.5, 0, 1, -1, 0, 2 ** -4] }, label: "at 0 (sign(0) = 0: mae's gradient where p = t) and around" },
  unary("sign"),
  unary("square", {}, "any"),
  { op: "square", shapes: [B3], domain: ["any"], label: "batched" },
  binary("maximum"),
  binary("minimum"),
  { op: "maximum", shapes: [B3, B3], domain: ["any", "any"], label: "batched" },
  binary("greater_equal"),
  { op: "select", shapes: [M, M, M], data: [0], values: { 0: [0, 1, 0, 2, 0, -1, 0.5, 0, 0, 3, 0, 1] }, domain: ["any", "any", "any"] },
  ...TRANSPOSES.map(([shape, perm]): Case => ({ op: "transpose", shapes: [shape], attrs: { perm }, domain: ["any"], label: `${JSON.stringify(shape)} perm ${perm}` })),
  ...DOT_GENERALS.map(([label, shapes, attrs]): Case => ({ op: "dot_general", shapes, attrs, domain: ["any", "any"], label })),
  // The convolution family: each op on every geometry (conv2d_input_grad and conv2d_kernel_grad are
  // made by conv2d's VJP and have their own VJPs, so they are differentiated here too).
  ...CONVS.flatMap((c) => convOps(c).map(({ op, shapes, attrs }): Case => ({ op, shapes, attrs, domain: ["any", "any"], batch: c.batch, label: c.label }))),
  // The depthwise family on the same geometries, k [kh,kw,C,M] read as C channels times M multipliers.
  ...CONVS.flatMap((c) => convOps(c, "depthwise_conv2d").map(({ op, shapes, attrs }): Case => ({ op, shapes, attrs, domain: ["any", "any"], batch: c.batch, label: c.label }))),
  // Pooling: each op on every geometry (the gradient ops are made by the VJPs and have their own:
  // max_pool2d_grad's in g is max_pool2d_gather and back, avg_pool2d_grad's is avg_pool2d). The
  // max-based ones see samples from a continuous distribution: no two values of a window tie, and
  // none within the step h = 1e-6 of another at this seed, so x's derivative (0 almost everywhere
  // for the grad and gather ops) is 0 at every point checked.
  ...POOLS.flatMap((c) => poolOps(c).map(({ op, shapes, attrs }): Case => ({ op, shapes, attrs, domain: ["any", "any"], batch: c.batch, label: c.label }))),
  // Repeated indices: ∂L/∂table sums several rows of ∂L/∂y (scatter_add accumulates). Batched
  // scatter_add (updates [n, …], never a parameter) is checked through the batched gather.
  { op: "gather", shapes: [[5, 2], [4]], i32: [1], values: { 1: [1, 3, 1, 4] }, label: "rows of 2, repeated indices" },
  { op: "gather", shapes: [[5], [6]], i32: [1], values: { 1: [4, 0, 4, 4, 2, 0] }, label: "a vector table (rows of 1)" },
  { op: "gather", shapes: [[4, 2, 3], ["n", 3]], i32: [1], values: { 1: [0, 3, 3, 1, 0, 2] }, label: "batched indices [n,3], rows [2,3]" },
  { op: "gather", shapes: [[3, 2], [2, 2]], i32: [1], values: { 1: [2, 2, 0, 2] }, label: "rank-2 indices, row 1 never read" },
  { op: "scatter_add", shapes: [[4, 2], [4], [5, 2]], i32: [1], values: { 1: [2, 0, 2, 4] }, label: "repeated indices (∂L/∂updates is gather)" },
  { op: "scatter_add", shapes: [[2, 3, 2, 2], [2, 3], [4, 2, 2]], i32: [1], data: [2], values: { 1: [3, 1, 3, 3, 0, 1] }, label: "rank-2 indices into rows [2,2]" },
  // Movement and reduction ops; [n, ...] operands are batched (BATCH samples, each with its own values).
  { op: "reshape", shapes: [M], attrs: { shape: [2, 6] }, label: "[3,4] → [2,6]" },
  { op: "reshape", shapes: [[2, 3, 2]], attrs: { shape: [12] }, label: "[2,3,2] → [12]" },
  { op: "reshape", shapes: [["n", 3, 4]], attrs: { shape: [4, 3] }, label: "batched" },
  { op: "broadcast", shapes: [[4], M], data: [1], label: "[4] → [3,4]" },
  { op: "broadcast", shapes: [[3, 4], ["n", 3, 4]], data: [1], label: "[3,4] → [n,3,4] (a bias over the last two axes)" },
  { op: "broadcast", shapes: [[3, 1], [2, 3, 4]], data: [1], label: "[3,1] → [2,3,4]" },
  { op: "broadcast", shapes: [[1], M], data: [1], label: "[1] → [3,4]" },
  { op: "broadcast", shapes: [[], M], data: [1], label: "[] → [3,4]" },
  { op: "broadcast", shapes: [[3, 1], ["n", 3, 4]], data: [1], label: "[3,1] → [n,3,4] (over the batch)" },
  { op: "broadcast", shapes: [["n", 1, 4], ["n", 3, 4]], data: [1], label: "[n,1,4] → [n,3,4]" },
  { op: "broadcast_mean", shapes: [[3, 1], [2, 3, 4]], data: [1], label: "[3,1] → [2,3,4]" },
  { op: "broadcast_mean", shapes: [[4], ["n", 3, 4]], data: [1], label: "[4] → [n,3,4] (count includes the batch)" },
  { op: "broadcast_mean", shapes: [["n", 3, 1], ["n", 3, 4]], data: [1], label: "[n,3,1] → [n,3,4]" },
  ...[[0], [1], [0, 1]].map((axes): Case => ({ op: "reduce_sum", shapes: [M], attrs: { axes }, label: `axes [${axes}]` })),
  ...[[0], [0, 1], [1], [2], [0, 2], [1, 2], [0, 1, 2]].map((axes): Case => ({ op: "reduce_sum", shapes: [["n", 3, 4]], attrs: { axes }, label: `[n,3,4] axes [${axes}]` })),
  ...[[0], [1], [0, 1]].map((axes): Case => ({ op: "reduce_mean", shapes: [M], attrs: { axes }, label: `axes [${axes}]` })),
  ...[[0], [1], [2], [0, 2], [0, 1, 2]].map((axes): Case => ({ op: "reduce_mean", shapes: [["n", 3, 4]], attrs: { axes }, label: `[n,3,4] axes [${axes}]` })),
  ...[[0], [1], [0, 1]].map((axes): Case => ({ op: "reduce_max", shapes: [M], attrs: { axes }, label: `axes [${axes}]` })),
  ...[[0], [1], [2], [0, 2], [1, 2]].map((axes): Case => ({ op: "reduce_max", shapes: [["n", 3, 4]], attrs: { axes }, label: `[n,3,4] axes [${axes}]` })),
  {
    op: "reduce_max",
    shapes: [M],
    attrs: { axes: [1] },
    // rows: a two-way tie at the maximum (the central difference is ½ for each, TF's equal split), no tie, a tie below the maximum
    values: { 0: [0.5, 1.25, -0.75, 1.25, 0.25, -1.5, 2, 0.75, 0.5, 0.5, 1.5, -1] },
    label: "axes [1] at two-way ties",
  },
  { op: "slice", shapes: [M], attrs: { begin: [1, 1], size: [2, 2] }, label: "[3,4]" },
  { op: "slice", shapes: [M], attrs: { begin: [0, 2], size: [-1, -1] }, label: "size -1 (to the end)" },
  { op: "slice", shapes: [[2, 3, 4]], attrs: { begin: [1, 0, 1], size: [1, 3, 2] }, label: "[2,3,4]" },
  { op: "slice", shapes: [["n", 3, 4]], attrs: { begin: [0, 1, 1], size: [-1, 2, 3] }, label: "batched" },
  { op: "pad", shapes: [M], attrs: { before: [1, 0], after: [0, 2] }, label: "[3,4]" },
  { op: "pad", shapes: [[2, 3, 2]], attrs: { before: [0, 1, 1], after: [1, 0, 2] }, label: "[2,3,2]" },
  { op: "pad", shapes: [["n", 3, 4]], attrs: { before: [0, 2, 0], after: [0, 1, 1] }, label: "batched" },
  { op: "concat", shapes: [M, [2, 4]], attrs: { axis: 0 }, label: "axis 0" },
  { op: "concat", shapes: [M, [3, 1], [3, 2]], attrs: { axis: 1 }, label: "axis 1, three inputs" },
  { op: "concat", shapes: [[2, 3, 4]], attrs: { axis: 2 }, label: "one input" },
  { op: "concat", shapes: [["n", 2, 3], ["n", 1, 3]], attrs: { axis: 1 }, label: "batched, axis 1" },
  { op: "concat", shapes: [["n", 2, 3], ["n", 2, 1]], attrs: { axis: 2 }, label: "batched, axis 2" },
];


/**
 * Ops without a case, and why: each is only ever created by another op's VJP, so its values are
 * checked by that op's case (gelu_slope by gelu, softmax_vjp by softmax, ...); differentiating
 * them again (second order) is not supported yet. `const` has no inputs.
 */
const COVERED_BY_PARENT: Record<string, OpName> = {
  gelu_slope: "gelu",
  silu_slope: "silu",
  softmax_vjp: "softmax",
  eq_mask: "reduce_max",
};
const NO_INPUTS = ["const", "tensor"];
/** one_hot's only operand is i32 data: nothing to differentiate (its values: the TF.js oracle). */
const NO_FLOAT_OPERAND = ["one_hot"];
/**
 * dropout_mask draws a fresh mask on every call, and its operand gives only a shape (its VJP is null):
 * dropout's gradient, x · mask under one fixed mask, is checked in test/compiler/layers/norm-gradients.test.ts.
 */
const RANDOM = ["dropout_mask"];

/** The batch size of cases with batched operands ([n, ...]); others run with batch 1. */
const batchOf = (shapes: readonly Shape[], batch = BATCH) => (shapes.some((s) => s[0] === "n") ? batch : 1);

function sample(shape: Shape, domain: Domain, next: () => number, batch = BATCH): number[] {
  const size = shape.reduce<number>((a, d) => a * (d === "n" ? batch : d), 1);
  const values = Array.from({ length: size }, () => {
    const u = next();
    if (domain === "positive") return 0.2 + 2 * u;
    if (domain === "probability") return u;
    if (domain === "any") return 4 * u - 2;
    // nonzero: |v| in [0.2, 2], away from the kinks of relu & co. at 0
    return (u < 0.5 ? -1 : 1) * (0.2 + 3.6 * Math.abs(u - 0.5));
  });
  if (domain !== "distribution") return values;
  const rows = size / (shape[shape.length - 1] as number);
  const cols = size / rows;
  const p = values.map((v) => Math.exp(v));
  for (let r = 0; r < rows; r++) {
    const s = p.slice(r * cols, (r + 1) * cols).reduce((a, b) => a + b, 0);
    for (let j = 0; j < cols; j++) p[r * cols + j] /= s;
  }
  return p;
}


describe("every op's VJP matches central finite differences (float64)", () => {
  it("has a case for every op, or a stated reason", () => {
    const covered = new Set<string>([...CASES.map((c) => c.op), ...Object.keys(COVERED_BY_PARENT), ...NO_INPUTS, ...NO_FLOAT_OPERAND, ...RANDOM]);
    expect(OP_NAMES.filter((op) => !covered.has(op))).toEqual([]);
  });

  const worst: Record<string, number> = {};
  afterAll(() => {
    const [op, err] = Object.entries(worst).sort((a, b) => b[1] - a[1])[0] ?? ["-", 0];
    console.log(`op gradient check: ${Object.keys(worst).length} cases, worst relative error ${err.toExponential(2)} (${op})`);
  });
  it.each(CASES.map((c) => [c.label ? `${c.op} ${c.label}` : c.op, c] as const))("%s", async (_name, c) => {
    const { graph, module } = await compileOpGraph(c, "f64", "check");
    const model = new module.Model({ seed: 3 });
    const next = rng(42);
    // Parameters: replace the initializer's values with samples from the op's domain.
    graph.params.forEach((p, k) => {
      const domain = c.domain?.[Number(p.id.slice(1))] ?? "nonzero";
      const index = Number(p.id.slice(1));
      model.params.set(c.values?.[index] ?? sample(p.shape, domain, next), module.layout.params[k].offset);
    });
    const args = graph.inputs.map((v) => {
      const i = v.id === "target" ? -1 : Number(v.id.slice(1));
      if (c.i32?.includes(i)) return Int32Array.from(c.values![i]!);
      return Float64Array.from((i >= 0 ? c.values?.[i] : undefined) ?? sample(v.shape, i >= 0 ? (c.domain?.[i] ?? "any") : "any", next, c.batch));
    });
    const batch = batchOf(graph.inputs.map((v) => v.shape), c.batch);
    const result = checkGradients(model, () => model.loss(...args, batch), module.layout.params);
    worst[_name] = result.worst;
    expect(result.worst, `worst at param ${result.worstIndex}: ${result.analytic[result.worstIndex]} vs ${result.numeric[result.worstIndex]}`).toBeLessThan(FD_TOLERANCE);
  });
});

/**
 * Every activation op (and the slope ops their gradients use) at and around its kink at 0, with
 * α ≠ 1 and ≠ the defaults: at exactly 0 the rule's convention is the slope from below (relu′(0) = 0,
 * leaky_relu′(0) = α, elu′(0) = α), checked by a one-sided difference; at ±1e-5 and beyond, where
 * the step h = 1e-6 no longer crosses 0, by central differences. Same measure and tolerance.
 */
const KINK_POINTS = [0, 0, 1e-5, -1e-5, 1e-3, -1e-3, 0.05, -0.05, 0.7, -0.7, 0, -1.9];
const KINK_CASES: Case[] = [
  unary("relu"),
  unary("step"),
  unary("leaky_relu", { alpha: 0.3 }),
  unary("leaky_step", { alpha: 0.3 }),
  unary("elu", { alpha: 1.7 }),
  unary("elu", { alpha: 0.4 }),
  unary("elu_slope", { alpha: 1.7 }),
  unary("elu_slope", { alpha: 0.4 }),
  unary("softplus"),
  unary("gelu"),
  unary("silu"),
  unary("tanh"),
  unary("sigmoid"),
];

describe("activation ops at and around their kink (float64)", () => {
  it.each(KINK_CASES.map((c) => [`${c.op} ${JSON.stringify(c.attrs)}`, c] as const))("%s", async (_name, c) => {
    const { module } = await compileOpGraph(c, "f64", "kink");
    const model = new module.Model({ seed: 3 });
    model.params.set(KINK_POINTS, module.layout.params[0].offset);
    const next = rng(9);
    const target = Float64Array.from(KINK_POINTS, () => 2 * next() - 1);
    const lossOf = () => model.loss(target, 1);
    const loss = lossOf();
    model.backward();
    const analytic = Array.from(model.grads);
    const numeric = KINK_POINTS.map((x, i) => (x === 0 ? fromBelow(model.params, i, lossOf) : central(model.params, i, lossOf)));
    const scale = scaleOf(numeric, loss);
    KINK_POINTS.forEach((x, i) => {
      expect(scaledError(analytic[i], numeric[i], scale), `at x = ${x}: analytic ${analytic[i]}, numeric ${numeric[i]}`).toBeLessThan(FD_TOLERANCE);
    });
  });
});
