// Kernels of the rank-2 products: matmul (each transpose combination) and the scalar dot product.
import { num } from "../../../ops/define.ts";
import { operandDims } from "../../../ops/matmul.ts";
import type { KernelContext } from "../rule.ts";

/** Loop nests chosen so the innermost loop streams contiguous memory in every case. */
export function matmulCode(k: KernelContext): string {
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

/** Σ a ⊙ b over every element. */
export function dotCode({ out, ins: [a, b], inShapes, size }: KernelContext): string {
  return `let sum = 0;
for (let i = 0; i < ${size(inShapes[0])}; i++) sum += ${a}[i]! * ${b}[i]!;
${out}[0] = sum;`;
}
