// Pass fixtures: input IR → expected IR, one table row per rewrite a pass performs.
import { describe, expect, it } from "vitest";
import { parseGraph } from "../../../../compiler/ir/parse.ts";
import { printGraph } from "../../../../compiler/ir/print.ts";
import { verifyGraph } from "../../../../compiler/ir/verify.ts";
import { simplify } from "../../../../compiler/phases/3-optimize/simplify.ts";
import { eliminateCommonSubexpressions } from "../../../../compiler/phases/3-optimize/cse.ts";
import { eliminateDeadCode } from "../../../../compiler/phases/3-optimize/dce.ts";
import { reuseActivations } from "../../../../compiler/phases/3-optimize/reuse-activation.ts";
import { optimize } from "../../../../compiler/phases/3-optimize/index.ts";
import type { Graph } from "../../../../compiler/ir/graph.ts";

const graph = (body: string) => `graph g(%x: f64[n,3], %y: f64[n,3]; %w: f64[3,3]) {\n${body}\n}\n`;
const norm = (text: string) => printGraph(parseGraph(text));

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
});
