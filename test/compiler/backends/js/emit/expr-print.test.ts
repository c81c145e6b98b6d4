// canonicalExpr: the parentheses prettier prints, checked against prettier itself on the shapes of
// expression the op templates compose (and a few it must refuse rather than guess).
import { describe, expect, it } from "vitest";
import { canonicalExpr, NotCanonical } from "../../../../../compiler/backends/js/emit/expr-print.ts";
import { formatCode } from "../../../../../compiler/backends/js/emit/format.ts";

/** prettier's text of an expression (as the right side of an assignment). */
async function prettier(expr: string): Promise<string> {
  const out = await formatCode(`v = ${expr};\n`, "typescript");
  return out.slice("v = ".length, -";\n".length);
}

describe("canonicalExpr", () => {
  it.each([
    "(x0 + x1) + x2",
    "x0 + (x1 + x2)",
    "(x0 * x1) + x2",
    "(x0 * x1) / x2",
    "x0 / (x1 * x2)",
    "(x0 / x1) * x2",
    "(x0 - x1) - (x2 - x3)",
    "x0 % (x1 + 1) + (x2 % x3)",
    "-(x0 * x1) + 1",
    "-(-x0)",
    "-(x0)",
    "Math.exp((x0 + x1))",
    "Math.max((a[i]!), 0)",
    "(x0 > 0 ? x0 : 0) + Math.log1p(Math.exp(-Math.abs(x0)))",
    "(x0 + 1) > 0 ? (x0 * 2) : (0.01 * Math.expm1(x0))",
    "x0 > 0 ? 1 : x1 > 0 ? 2 : 3",
    "(x0 > 0 ? 1 : 0) ? x1 : x2",
    "1 / (1 + Math.exp(-(x0 * x1)))",
    "e0[o + 1]! * (c0_1 - (e1[j]!))",
    "2 / (batch * 10)",
    "1e+21 * x0",
  ])("%s", async (expr) => {
    expect(canonicalExpr(expr)).toBe(await prettier(expr));
  });

  it.each(["a && b", "a || b", "`t${x}`", "a ?? b", "a >>> 0"])("refuses %s", (expr) => {
    expect(() => canonicalExpr(expr)).toThrow(NotCanonical);
  });
});
