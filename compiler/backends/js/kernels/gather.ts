// Kernels of the index ops: gather (row lookup), its adjoint scatter_add, and one_hot.
import { num } from "../../../ops/define.ts";
import { tableRows } from "../../../ops/gather.ts";
import type { KernelContext } from "../rule.ts";

/** out[i, :] = table[idx[i], :], a row copy per index (a single read when rows hold one value). */
export function gatherCode(k: KernelContext): string {
  const [table, idx] = k.ins;
  const { rowSize } = tableRows(k.inShapes[0], k.inShapes[1], "gather");
  const count = k.size(k.inShapes[1]);
  if (rowSize === 1) return `for (let i = 0; i < ${count}; i++) ${k.out}[i] = ${table}[${idx}[i]!]!;`;
  return `for (let i = 0; i < ${count}; i++) {
  const row = ${idx}[i]! * ${rowSize};
  const o = i * ${rowSize};
  for (let d = 0; d < ${rowSize}; d++) {
    ${k.out}[o + d] = ${table}[row + d]!;
  }
}`;
}

/** A zero table, then row i of the updates added into row indices[i] (repeated indices accumulate). */
export function scatterAddCode(k: KernelContext): string {
  const [updates, idx] = k.ins;
  const { rows, rowSize } = tableRows(k.inShapes[2], k.inShapes[1], "scatter_add");
  const count = k.size(k.inShapes[1]);
  const zero = `for (let i = 0; i < ${rows * rowSize}; i++) ${k.out}[i] = 0;`;
  if (rowSize === 1) return `${zero}\nfor (let i = 0; i < ${count}; i++) ${k.out}[${idx}[i]!]! += ${updates}[i]!;`;
  return `${zero}
for (let i = 0; i < ${count}; i++) {
  const row = ${idx}[i]! * ${rowSize};
  const o = i * ${rowSize};
  for (let d = 0; d < ${rowSize}; d++) ${k.out}[row + d]! += ${updates}[o + d]!;
}`;
}

/** Zero everywhere, then a 1 at each index's position in its row of `depth`. */
export function oneHotCode(k: KernelContext): string {
  const [idx] = k.ins;
  const depth = num(k.attrs, "depth");
  const count = k.size(k.inShapes[0]);
  const total = k.size(k.outShape);
  return `for (let i = 0; i < ${total}; i++) ${k.out}[i] = 0;
for (let i = 0; i < ${count}; i++) ${k.out}[i * ${depth} + ${idx}[i]!] = 1;`;
}
