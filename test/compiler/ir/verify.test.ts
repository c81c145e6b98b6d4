// The verifier catches each broken invariant, naming the value.
import { describe, expect, it } from "vitest";
import { collectProblems } from "../../../compiler/ir/verify.ts";
import { parseGraph } from "../../../compiler/ir/parse.ts";

const wrap = (body: string) => `graph g(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {\n${body}\n}`;

describe("verifyGraph", () => {
  it("accepts a valid graph", () => {
    const g = parseGraph(wrap("  %0: f64[n,2] = matmul %x, %w {ta=0, tb=0}\n  %loss: f64[] = reduce_sum %0 {axes=[0,1]}\n  output %0\n  loss %loss"));
    expect(collectProblems(g)).toEqual([]);
  });

  it("reports a missing attribute (the IR parser refuses one too; a pass could still drop it)", () => {
    const g = parseGraph(wrap("  %0: f64[n,3] = elu %x {alpha=0.5}\n  output %0\n  loss %0"));
    const nodes = g.nodes.map((n) => (n.op === "elu" ? { ...n, attrs: {} } : n));
    expect(collectProblems({ ...g, nodes }).join("\n")).toMatch(/%0: elu is missing attribute alpha/);
  });

  it.each([
    ["use before definition", "  %0: f64[n,2] = tanh %1\n  %1: f64[n,2] = tanh %y\n  output %0\n  loss %0", /%0: uses %1 before/],
    ["duplicate id", "  %0: f64[n,2] = tanh %y\n  %0: f64[n,2] = tanh %y\n  output %0\n  loss %0", /%0 is defined twice/],
    ["wrong declared shape", "  %0: f64[n,3] = matmul %x, %w {ta=0, tb=0}\n  output %0\n  loss %0", /matmul gives \[n,2\], declared \[n,3\]/],
    ["shape rule violated", "  %0: f64[n,2] = add %x, %y\n  output %0\n  loss %0", /different shapes \[n,3\] and \[n,2\]/],
    ["unknown attribute", "  %0: f64[n,3] = tanh %x {alpha=1}\n  output %0\n  loss %0", /%0: tanh has no attribute alpha/],
    ["undefined output", "  output %nope\n  loss %x", /output %nope is not defined/],
    ["non-scalar loss", "  output %x\n  loss %x", /loss %x is not a scalar/],
    ["gradient of a non-parameter", "  %l: f64[] = reduce_sum %y {axes=[0,1]}\n  output %y\n  loss %l\n  grad %x = %x", /grad of %x: not a parameter/],
    ["gradient with the wrong shape", "  %l: f64[] = reduce_sum %y {axes=[0,1]}\n  output %y\n  loss %l\n  grad %w = %y", /grad of %w: shape/],
  ])("reports %s", (_name, body, message) => {
    const problems = collectProblems(parseGraph(wrap(body)));
    expect(problems.join("\n")).toMatch(message);
  });
});
