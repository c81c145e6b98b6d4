// Pass fixtures: input IR → expected IR, one table row per rewrite a pass performs.
import { describe, expect, it } from "vitest";
import { parseGraph } from "../../../../compiler/ir/parse.ts";
import { printGraph } from "../../../../compiler/ir/print.ts";
import { verifyGraph } from "../../../../compiler/ir/verify.ts";
import { simplify } from "../../../../compiler/phases/3-optimize/simplify.ts";
import { eliminateCommonSubexpressions } from "../../../../compiler/phases/3-optimize/cse.ts";
import { eliminateDeadCode } from "../../../../compiler/phases/3-optimize/dce.ts";
import { reuseActivations } from "../../../../compiler/phases/3-optimize/reuse-activation.ts";
import { foldTransposes } from "../../../../compiler/phases/3-optimize/fold-transpose.ts";
import { optimize } from "../../../../compiler/phases/3-optimize/index.ts";
import { logsumexpFromSoftmax } from "../../../../compiler/phases/3-optimize/lse-from-softmax.ts";
import type { Graph } from "../../../../compiler/ir/graph.ts";

const graph = (body: string) => `graph g(%x: f64[n,3], %y: f64[n,3]; %w: f64[3,3]) {\n${body}\n}\n`;
const norm = (text: string) => printGraph(parseGraph(text));
/** Attention-like operands: q [n, T, h, k], k [n, S, h, k], r [n, h, S], x [n, k, h]. */
const nd = (body: string, output = "%1") => {
  // the loss sums every axis of the output node (its declared shape read from the body)
  const dims = new RegExp(`  ${output}: f64\\[([^\\]]*)\\]`).exec(body)![1]!.split(",");
  const axes = dims.map((_, i) => i).join(",");
  return `graph g(%q: f64[n,2,3,4], %k: f64[n,5,3,4], %r: f64[n,3,5], %x: f64[n,4,3]; %u: f64[4,3], %w: f64[4,2]) {\n${body}\n  %l: f64[] = reduce_sum ${output} {axes=[${axes}]}\n  output %q\n  loss %l\n}\n`;
};

const CASES: [string, (g: Graph) => Graph, string, string][] = [
  [
    "simplify: x · 1 → x (the seed of reverse mode)",
    simplify,
    graph("  %0: f64[] = const {value=1}\n  %1: f64[n,3] = mul_scalar %x, %0\n  %l: f64[] = reduce_sum %1 {axes=[0,1]}\n  output %1\n  loss %l"),
    graph("  %0: f64[] = const {value=1}\n  %l: f64[] = reduce_sum %x {axes=[0,1]}\n  output %x\n  loss %l"),
  ],
  [
    "simplify: affine chains fold, identity affine vanishes",
    simplify,
    graph("  %0: f64[n,3] = affine %x {scale=2, shift=1}\n  %1: f64[n,3] = affine %0 {scale=-1, shift=3}\n  %2: f64[n,3] = affine %1 {scale=1, shift=0}\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l"),
    graph("  %0: f64[n,3] = affine %x {scale=2, shift=1}\n  %1: f64[n,3] = affine %x {scale=-2, shift=2}\n  %l: f64[] = reduce_sum %1 {axes=[0,1]}\n  output %1\n  loss %l"),
  ],
  [
    "simplify: −(−x) → x",
    simplify,
    graph("  %0: f64[n,3] = neg %x\n  %1: f64[n,3] = neg %0\n  %l: f64[] = reduce_sum %1 {axes=[0,1]}\n  output %1\n  loss %l"),
    graph("  %0: f64[n,3] = neg %x\n  %l: f64[] = reduce_sum %x {axes=[0,1]}\n  output %x\n  loss %l"),
  ],
  [
    "simplify: constants fold",
    simplify,
    graph("  %0: f64[] = const {value=3}\n  %1: f64[] = affine %0 {scale=2, shift=1}\n  %2: f64[] = mul_scalar %1, %1\n  %l: f64[] = reduce_sum %x {axes=[0,1]}\n  output %x\n  loss %2"),
    graph("  %0: f64[] = const {value=3}\n  %1: f64[] = const {value=7}\n  %2: f64[] = const {value=49}\n  %l: f64[] = reduce_sum %x {axes=[0,1]}\n  output %x\n  loss %2"),
  ],
  [
    "cse: same op, inputs and attributes → one node (commutative inputs in any order)",
    eliminateCommonSubexpressions,
    graph("  %0: f64[n,3] = softmax %x  # a\n  %1: f64[n,3] = softmax %x  # b\n  %2: f64[n,3] = mul %0, %x\n  %3: f64[n,3] = mul %x, %1\n  %4: f64[n,3] = add %2, %3\n  %l: f64[] = reduce_sum %4 {axes=[0,1]}\n  output %4\n  loss %l"),
    graph("  %0: f64[n,3] = softmax %x  # a\n  %2: f64[n,3] = mul %0, %x\n  %4: f64[n,3] = add %2, %2\n  %l: f64[] = reduce_sum %4 {axes=[0,1]}\n  output %4\n  loss %l"),
  ],
  [
    "cse: maximum is commutative (its OpDef says so), sub is not",
    eliminateCommonSubexpressions,
    graph("  %0: f64[n,3] = maximum %x, %y\n  %1: f64[n,3] = maximum %y, %x\n  %2: f64[n,3] = sub %x, %y\n  %3: f64[n,3] = sub %y, %x\n  %4: f64[n,3] = mul %0, %1\n  %5: f64[n,3] = mul %2, %3\n  %6: f64[n,3] = add %4, %5\n  %l: f64[] = reduce_sum %6 {axes=[0,1]}\n  output %6\n  loss %l"),
    graph("  %0: f64[n,3] = maximum %x, %y\n  %2: f64[n,3] = sub %x, %y\n  %3: f64[n,3] = sub %y, %x\n  %4: f64[n,3] = mul %0, %0\n  %5: f64[n,3] = mul %2, %3\n  %6: f64[n,3] = add %4, %5\n  %l: f64[] = reduce_sum %6 {axes=[0,1]}\n  output %6\n  loss %l"),
  ],
  [
    "lse-from-softmax: logsumexp(z) after softmax(z) is max z − log(max p); none before it: left alone",
    logsumexpFromSoftmax,
    graph("  %p: f64[n,3] = softmax %x\n  %a: f64[n] = logsumexp %x\n  %b: f64[n] = logsumexp %y\n  %s: f64[n] = add %a, %b\n  %l: f64[] = reduce_sum %s {axes=[0]}\n  output %p\n  loss %l"),
    graph("  %p: f64[n,3] = softmax %x\n  %a.zMax: f64[n] = reduce_max %x {axes=[1]}\n  %a.pMax: f64[n] = reduce_max %p {axes=[1]}\n  %a.logPMax: f64[n] = log %a.pMax\n  %a: f64[n] = sub %a.zMax, %a.logPMax\n  %b: f64[n] = logsumexp %y\n  %s: f64[n] = add %a, %b\n  %l: f64[] = reduce_sum %s {axes=[0]}\n  output %p\n  loss %l"),
  ],
  [
    "cse: different attributes stay apart",
    eliminateCommonSubexpressions,
    graph("  %0: f64[n,3] = leaky_relu %x {alpha=0.1}\n  %1: f64[n,3] = leaky_relu %x {alpha=0.2}\n  %2: f64[n,3] = add %0, %1\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l"),
    graph("  %0: f64[n,3] = leaky_relu %x {alpha=0.1}\n  %1: f64[n,3] = leaky_relu %x {alpha=0.2}\n  %2: f64[n,3] = add %0, %1\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l"),
  ],
  [
    "reuse-activation: the relu mask [z > 0] reads relu(z), so z need not be kept",
    reuseActivations,
    graph("  %0: f64[n,3] = relu %x\n  %1: f64[n,3] = step %x\n  %2: f64[n,3] = mul %0, %1\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l"),
    graph("  %0: f64[n,3] = relu %x\n  %1: f64[n,3] = step %0\n  %2: f64[n,3] = mul %0, %1\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l"),
  ],
  [
    "reuse-activation: leaky relu with α > 0 keeps the sign; α < 0 does not and is left alone",
    reuseActivations,
    graph("  %0: f64[n,3] = leaky_relu %x {alpha=0.2}\n  %1: f64[n,3] = leaky_step %x {alpha=0.2}\n  %2: f64[n,3] = leaky_relu %y {alpha=-0.5}\n  %3: f64[n,3] = leaky_step %y {alpha=-0.5}\n  %4: f64[n,3] = mul %1, %3\n  %5: f64[n,3] = mul %0, %2\n  %6: f64[n,3] = add %4, %5\n  %l: f64[] = reduce_sum %6 {axes=[0,1]}\n  output %6\n  loss %l"),
    graph("  %0: f64[n,3] = leaky_relu %x {alpha=0.2}\n  %1: f64[n,3] = leaky_step %0 {alpha=0.2}\n  %2: f64[n,3] = leaky_relu %y {alpha=-0.5}\n  %3: f64[n,3] = leaky_step %y {alpha=-0.5}\n  %4: f64[n,3] = mul %1, %3\n  %5: f64[n,3] = mul %0, %2\n  %6: f64[n,3] = add %4, %5\n  %l: f64[] = reduce_sum %6 {axes=[0,1]}\n  output %6\n  loss %l"),
  ],
  [
    "reuse-activation: a mask defined before the activation is left alone (SSA order)",
    reuseActivations,
    graph("  %0: f64[n,3] = step %x\n  %1: f64[n,3] = relu %x\n  %2: f64[n,3] = mul %0, %1\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l"),
    graph("  %0: f64[n,3] = step %x\n  %1: f64[n,3] = relu %x\n  %2: f64[n,3] = mul %0, %1\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l"),
  ],
  [
    "fold-transpose: a permuted operand of a batched product is read in place (batch and contracting axes mapped)",
    foldTransposes,
    nd("  %0: f64[n,3,2,4] = transpose %q {perm=[0,2,1,3]}\n  %1: f64[n,3,2,5] = dot_general %0, %k {lb=[0,1], rb=[0,2], lc=[3], rc=[3]}"),
    nd("  %0: f64[n,3,2,4] = transpose %q {perm=[0,2,1,3]}\n  %1: f64[n,3,2,5] = dot_general %q, %k {lb=[0,2], rb=[0,2], lc=[3], rc=[3]}"),
  ],
  [
    "fold-transpose: the right operand too",
    foldTransposes,
    nd("  %0: f64[n,3,5,4] = transpose %k {perm=[0,2,1,3]}\n  %1: f64[n,3,2,5] = dot_general %q, %0 {lb=[0,2], rb=[0,1], lc=[3], rc=[3]}"),
    nd("  %0: f64[n,3,5,4] = transpose %k {perm=[0,2,1,3]}\n  %1: f64[n,3,2,5] = dot_general %q, %k {lb=[0,2], rb=[0,2], lc=[3], rc=[3]}"),
  ],
  [
    "fold-transpose: a permutation that reorders free axes would reorder the result: left alone",
    foldTransposes,
    nd("  %0: f64[n,4,2,3] = transpose %q {perm=[0,3,1,2]}\n  %1: f64[n,4,2,5] = dot_general %0, %r {lb=[0], rb=[0], lc=[3], rc=[1]}"),
    nd("  %0: f64[n,4,2,3] = transpose %q {perm=[0,3,1,2]}\n  %1: f64[n,4,2,5] = dot_general %0, %r {lb=[0], rb=[0], lc=[3], rc=[1]}"),
  ],
  [
    "fold-transpose: a matrix product that would leave the GEMM kernel keeps its copy",
    foldTransposes,
    nd("  %0: f64[n,3,4] = transpose %x {perm=[0,2,1]}\n  %1: f64[n,3,2] = dot_general %0, %w {lb=[], rb=[], lc=[2], rc=[0]}"),
    nd("  %0: f64[n,3,4] = transpose %x {perm=[0,2,1]}\n  %1: f64[n,3,2] = dot_general %0, %w {lb=[], rb=[], lc=[2], rc=[0]}"),
  ],
  [
    "fold-transpose: a matrix product that stays one (Aᵀ·B) reads its operand in place",
    foldTransposes,
    nd("  %0: f64[3,4] = transpose %u {perm=[1,0]}\n  %1: f64[3,2] = dot_general %0, %w {lb=[], rb=[], lc=[1], rc=[0]}"),
    nd("  %0: f64[3,4] = transpose %u {perm=[1,0]}\n  %1: f64[3,2] = dot_general %u, %w {lb=[], rb=[], lc=[0], rc=[0]}"),
  ],
  [
    "fold-transpose: matmul of a transposed matrix flips ta / tb",
    foldTransposes,
    nd("  %0: f64[3,4] = transpose %u {perm=[1,0]}\n  %1: f64[3,2] = matmul %0, %w {ta=0, tb=0}\n  %2: f64[2,4] = transpose %w {perm=[1,0]}\n  %3: f64[3,2] = matmul %u, %2 {ta=1, tb=1}\n  %4: f64[3,2] = add %1, %3", "%4"),
    nd("  %0: f64[3,4] = transpose %u {perm=[1,0]}\n  %1: f64[3,2] = matmul %u, %w {ta=1, tb=0}\n  %2: f64[2,4] = transpose %w {perm=[1,0]}\n  %3: f64[3,2] = matmul %u, %w {ta=1, tb=0}\n  %4: f64[3,2] = add %1, %3", "%4"),
  ],
  [
    "fold-transpose: a transpose of a transpose is one",
    foldTransposes,
    nd("  %0: f64[n,3,2,4] = transpose %q {perm=[0,2,1,3]}\n  %1: f64[n,3,4,2] = transpose %0 {perm=[0,1,3,2]}\n  %2: f64[n,2,3,4] = transpose %0 {perm=[0,2,1,3]}\n  %3: f64[n,2,3,4] = transpose %1 {perm=[0,3,1,2]}\n  %4: f64[n,2,3,4] = add %2, %3", "%4"),
    nd("  %0: f64[n,3,2,4] = transpose %q {perm=[0,2,1,3]}\n  %1: f64[n,3,4,2] = transpose %q {perm=[0,2,3,1]}\n  %2: f64[n,2,3,4] = transpose %q {perm=[0,1,2,3]}\n  %3: f64[n,2,3,4] = transpose %q {perm=[0,1,2,3]}\n  %4: f64[n,2,3,4] = add %2, %3", "%4"),
  ],
  [
    "dce: nodes no result depends on are dropped",
    eliminateDeadCode,
    graph("  %0: f64[n,3] = tanh %x\n  %1: f64[n,3] = exp %0\n  %2: f64[n,3] = matmul %x, %w {ta=0, tb=0}\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l\n  grad %w = %w"),
    graph("  %2: f64[n,3] = matmul %x, %w {ta=0, tb=0}\n  %l: f64[] = reduce_sum %2 {axes=[0,1]}\n  output %2\n  loss %l\n  grad %w = %w"),
  ],
];

describe("optimizer passes", () => {
  it.each(CASES)("%s", (_name, pass, input, expected) => {
    const out = pass(parseGraph(input));
    verifyGraph(out);
    expect(printGraph(out)).toBe(norm(expected));
  });

  it("optimize() runs the passes to a fixed point", () => {
    const input = graph("  %0: f64[] = const {value=1}\n  %1: f64[n,3] = mul_scalar %x, %0\n  %2: f64[n,3] = tanh %1\n  %3: f64[n,3] = tanh %x\n  %4: f64[n,3] = add %2, %3\n  %l: f64[] = reduce_sum %4 {axes=[0,1]}\n  output %4\n  loss %l");
    const expected = graph("  %2: f64[n,3] = tanh %x\n  %4: f64[n,3] = add %2, %2\n  %l: f64[] = reduce_sum %4 {axes=[0,1]}\n  output %4\n  loss %l");
    expect(printGraph(optimize(parseGraph(input)))).toBe(norm(expected));
  });

  it("optimize() folds a transpose into both products that read it, and the copy goes", () => {
    const body = "  %0: f64[n,3,2,4] = transpose %q {perm=[0,2,1,3]}\n  %1: f64[n,3,2,5] = dot_general %0, %k {lb=[0,1], rb=[0,2], lc=[3], rc=[3]}\n  %2: f64[n,3,4,5] = dot_general %0, %k {lb=[0,1], rb=[0,2], lc=[2], rc=[3]}";
    const folded = "  %1: f64[n,3,2,5] = dot_general %q, %k {lb=[0,2], rb=[0,2], lc=[3], rc=[3]}\n  %2: f64[n,3,4,5] = dot_general %q, %k {lb=[0,2], rb=[0,2], lc=[1], rc=[3]}";
    const withBoth = (b: string) => nd(`${b}\n  %3: f64[n,3] = reduce_sum %1 {axes=[2,3]}\n  %4: f64[n,3] = reduce_sum %2 {axes=[2,3]}\n  %5: f64[n,3] = add %3, %4`, "%5");
    expect(printGraph(optimize(parseGraph(withBoth(body))))).toBe(norm(withBoth(folded)));
  });
});
