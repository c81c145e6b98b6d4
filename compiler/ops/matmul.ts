import { ShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../ir/graph.ts";
import { defineOp, num, type KernelContext } from "./define.ts";

// C = op(A) · op(B) with op(M) = Mᵀ when the ta / tb attribute is 1. Forward uses A·B;
// reverse mode needs ∂L/∂A = ∂L/∂C · Bᵀ (tb) and ∂L/∂B = Aᵀ · ∂L/∂C (ta).

/** [rows, inner] of op(A) and [inner, cols] of op(B). */
function operandDims(a: Shape, b: Shape, ta: number, tb: number) {
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

/** Loop nests chosen so the innermost loop streams contiguous memory in every case. */
function matmulCode(k: KernelContext): string {
  const [A, B] = k.ins;
  const C = k.out;
  const { rows, inner, cols } = operandDims(k.inShapes[0], k.inShapes[1], num(k.attrs, "ta"), num(k.attrs, "tb"));
  const [R, K, N] = [k.dim(rows), k.dim(inner), k.dim(cols)];
  if (!k.attrs.ta && !k.attrs.tb) {
    // C[i,:] = Σₚ A[i,p] · B[p,:]
    return `for (let i = 0; i < ${R}; i++) {
  const c = i * ${N};
  for (let j = 0; j < ${N}; j++) ${C}[c + j] = 0;
  for (let p = 0; p < ${K}; p++) {
    const a = ${A}[i * ${K} + p]!;
    const bRow = p * ${N};
    for (let j = 0; j < ${N}; j++) ${C}[c + j]! += a * ${B}[bRow + j]!;
  }
}`;
  }
  if (!k.attrs.ta && k.attrs.tb) {
    // C[i,j] = A[i,:] · B[j,:]  (both rows contiguous)
    return `for (let i = 0; i < ${R}; i++) {
  const aRow = i * ${K};
  for (let j = 0; j < ${N}; j++) {
    const bRow = j * ${K};
    let sum = 0;
    for (let p = 0; p < ${K}; p++) sum += ${A}[aRow + p]! * ${B}[bRow + p]!;
    ${C}[i * ${N} + j] = sum;
  }
}`;
  }
  if (k.attrs.ta && !k.attrs.tb) {
    // C[i,:] = Σₚ A[p,i] · B[p,:]  (an outer product per row p)
    return `for (let i = 0; i < ${R} * ${N}; i++) ${C}[i] = 0;
for (let p = 0; p < ${K}; p++) {
  const aRow = p * ${R};
  const bRow = p * ${N};
  for (let i = 0; i < ${R}; i++) {
    const a = ${A}[aRow + i]!;
    const c = i * ${N};
    for (let j = 0; j < ${N}; j++) ${C}[c + j]! += a * ${B}[bRow + j]!;
  }
}`;
  }
  // C[i,j] = Σₚ A[p,i] · B[j,p]
  return `for (let i = 0; i < ${R}; i++) {
  for (let j = 0; j < ${N}; j++) {
    let sum = 0;
    for (let p = 0; p < ${K}; p++) sum += ${A}[p * ${R} + i]! * ${B}[j * ${K} + p]!;
    ${C}[i * ${N} + j] = sum;
  }
}`;
}

/** C = A · B;  ∂L/∂A = ∂L/∂C · Bᵀ,  ∂L/∂B = Aᵀ · ∂L/∂C */
export const matmul = defineOp({
  name: "matmul",
  fusion: "contraction",
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
  emit: { kind: "kernel", code: matmulCode },
});
