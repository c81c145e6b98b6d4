// Kernels of softmax along the last axis and of its VJP, one row at a time.
import { rowsAndCols, type KernelContext } from "../rule.ts";

export function softmaxCode(k: KernelContext): string {
  const [rows, cols] = rowsAndCols(k, k.outShape);
  const [x] = k.ins;
  const y = k.out;
  // Subtracting the row maximum keeps exp() from overflowing; the result is unchanged.
  return `for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let max = ${x}[o]!;
  for (let j = 1; j < ${cols}; j++) if (${x}[o + j]! > max) max = ${x}[o + j]!;
  let sum = 0;
  for (let j = 0; j < ${cols}; j++) {
    const e = Math.exp(${x}[o + j]! - max);
    ${y}[o + j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < ${cols}; j++) ${y}[o + j]! *= inv;
}`;
}

/** g = y ⊙ (dy − Σⱼ dyⱼ·yⱼ) per row. */
export function softmaxVjpCode(k: KernelContext): string {
  const [rows, cols] = rowsAndCols(k, k.outShape);
  const [y, dy] = k.ins;
  return `for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let s = 0;
  for (let j = 0; j < ${cols}; j++) s += ${dy}[o + j]! * ${y}[o + j]!;
  for (let j = 0; j < ${cols}; j++) ${k.out}[o + j] = ${y}[o + j]! * (${dy}[o + j]! - s);
}`;
}
