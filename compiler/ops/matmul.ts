import { ShapeError } from "../errors.ts";
import { formatShape, type Attrs, type Shape } from "../ir/graph.ts";
import { defineOp, num } from "./define.ts";
import { staticSize } from "./nd.ts";

// C = op(A) · op(B) with op(M) = Mᵀ when the ta / tb attribute is 1. Forward uses A·B;
// reverse mode needs ∂L/∂A = ∂L/∂C · Bᵀ (tb) and ∂L/∂B = Aᵀ · ∂L/∂C (ta).

/** [rows, inner] of op(A) and [inner, cols] of op(B). */
export function operandDims(a: Shape, b: Shape, ta: number, tb: number) {
  if (a.length !== 2 || b.length !== 2) {
    throw new ShapeError(`matmul needs two matrices, got ${formatShape(a)} and ${formatShape(b)}`);
  }
  const [rows, innerA] = ta ? [a[1], a[0]] : [a[0], a[1]];
  const [innerB, cols] = tb ? [b[1], b[0]] : [b[0], b[1]];
  if (innerA !== innerB) {
    throw new ShapeError(`cannot multiply ${formatShape(a)}${ta ? "ᵀ" : ""} by ${formatShape(b)}${tb ? "ᵀ" : ""}`);
  }
  return { rows, inner: innerA, cols };
}

/** 2·rows·inner·cols multiply-adds (per sample: the batch counted as 1 wherever it is). */
function matmulCost([a, b]: readonly Shape[], _out: Shape, attrs: Attrs): number {
  const { rows, inner, cols } = operandDims(a!, b!, num(attrs, "ta"), num(attrs, "tb"));
  return 2 * staticSize([rows, inner, cols]);
}

/** C = A · B;  ∂L/∂A = ∂L/∂C · Bᵀ,  ∂L/∂B = Aᵀ · ∂L/∂C */
export const matmul = defineOp({
  name: "matmul",
  fusion: "contraction",
  cost: matmulCost,
  arity: 2,
  attrs: ["ta", "tb"],
  doc: "{out} = {0} · {1}",
  rules: ["∂L/∂{0} = ∂L/∂{out} · {1}ᵀ", "∂L/∂{1} = {0}ᵀ · ∂L/∂{out}"],
  shape: ([a, b], attrs) => {
    const { rows, cols } = operandDims(a, b, num(attrs, "ta"), num(attrs, "tb"));
    return [rows, cols];
  },
  vjp: ({ b, dy, x: [A, B], attrs: { ta, tb } }, i) => {
    // Each case is the transpose-aware form of the two rules above.
    if (i === 0) {
      return ta
        ? b.apply("matmul", tb ? [B, dy] : [B, dy], { ta: tb ? 1 : 0, tb: 1 })
        : b.apply("matmul", [dy, B], { ta: 0, tb: tb ? 0 : 1 });
    }
    return tb
      ? b.apply("matmul", [dy, A], { ta: 1, tb: ta ? 1 : 0 })
      : b.apply("matmul", [A, dy], { ta: ta ? 0 : 1, tb: 0 });
  },
});
