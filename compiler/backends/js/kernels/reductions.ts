// Kernels of the reductions: reduce_sum, reduce_mean and reduce_max over any axes, logsumexp over
// the last axis, and sum_rows.
import type { Shape } from "../../../ir/graph.ts";
import { ints } from "../../../ops/define.ts";
import { block, loopNest, strides } from "../loop-nest.ts";
import { rowsAndCols, type KernelContext } from "../rule.ts";

type Kind = "sum" | "max" | "mean";

/** Loops over the kept axes with an accumulator over the reduced ones (when the last axis is reduced), else one pass over x. */
export function reduceCode(k: KernelContext, kind: Kind): string {
  const { out, ins: [x], inShapes: [xs], outShape } = k;
  const axes = ints(k.attrs, "axes");
  const xStride = strides(xs);
  const kept = xs.map((_, a) => a).filter((a) => !axes.includes(a));
  const reduced: Shape = axes.map((a) => xs[a]!);
  const init = kind === "max" ? "-Infinity" : "0";
  const count = kind === "mean" ? [`const count = ${k.size(reduced)};`] : [];
  const scale = kind === "mean" ? " / count" : "";
  const last = xs.map((d, a) => (d === 1 ? -1 : a)).filter((a) => a >= 0).pop();
  if (last === undefined || axes.includes(last)) {
    const accumulate = (v: string) => (kind === "max" ? block("", [`const v = ${v};`, "if (v > acc) acc = v;"]) : `acc += ${v};`);
    const inner = (xo: string) => loopNest(reduced, [{ name: "r", strides: axes.map((a) => xStride[a]!), base: xo }], ([r]) => accumulate(`${x}[${r}]!`), "j");
    const walks = [
      { name: "x", strides: kept.map((a) => xStride[a]!) },
      { name: "o", strides: strides(outShape) },
    ];
    const body = ([xo, o]: readonly string[]) => block("", [`let acc = ${init};`, inner(xo!), `${out}[${o}] = acc${scale};`]);
    return [...count, loopNest(outShape, walks, body)].join("\n");
  }
  // The last axis is kept: stream x in memory order into the output (zero-filled, or −∞ for max).
  const outStride = strides(outShape);
  const walks = [
    { name: "x", strides: xStride },
    { name: "o", strides: xs.map((_, a) => (axes.includes(a) ? 0 : outStride[kept.indexOf(a)]!)) },
  ];
  const step = ([xo, o]: readonly string[]) =>
    kind === "max" ? block("", [`const v = ${x}[${xo}]!;`, `if (v > ${out}[${o}]!) ${out}[${o}] = v;`]) : `${out}[${o}]! += ${x}[${xo}]!;`;
  const size = k.size(outShape);
  const lines = [`for (let i = 0; i < ${size}; i++) ${out}[i] = ${init};`, loopNest(xs, walks, step)];
  if (kind === "mean") lines.push(...count, `for (let i = 0; i < ${size}; i++) ${out}[i] = ${out}[i]! / count;`);
  return lines.join("\n");
}

/**
 * Column sums accumulated in local doubles, eight columns per pass over the rows (all of them up
 * to twelve), stored once: no zero-fill, no read-modify-write of the output.
 */
export function sumRowsCode({ out, ins: [x], inShapes, dim, size }: KernelContext): string {
  const shape: Shape = inShapes[0];
  const rows = dim(shape[0]);
  const colsCode = size(shape.slice(1));
  const cols = Number(colsCode);
  if (!Number.isInteger(cols)) {
    return `for (let j = 0; j < ${colsCode}; j++) {
  let s = 0;
  for (let r = 0, o = j; r < ${rows}; r++, o += ${colsCode}) s += ${x}[o]!;
  ${out}[j] = s;
}`;
  }
  const block = (width: number, j: string) => {
    const names = Array.from({ length: width }, (_, u) => `s${u}`);
    const at = (u: number) => (u === 0 ? "o" : `o + ${u}`);
    const col = (u: number) => (j === "j" ? (u === 0 ? "j" : `j + ${u}`) : String(Number(j) + u));
    return `{
  let ${names.map((s) => `${s} = 0`).join(",\n")};
  for (let r = 0, o = ${j}; r < ${rows}; r++, o += ${cols}) {
    ${names.map((s, u) => `${s} += ${x}[${at(u)}]!;`).join("\n")}
  }
  ${names.map((s, u) => `${out}[${col(u)}] = ${s};`).join("\n")}
}`;
  };
  if (cols <= 12) return block(cols, "0");
  const full = Math.floor(cols / 8) * 8;
  const parts = [full === 8 ? block(8, "0") : `for (let j = 0; j < ${full}; j += 8) ${block(8, "j")}`];
  if (cols % 8) parts.push(block(cols % 8, String(full)));
  return parts.join("\n");
}

/** log Σⱼ exp xⱼ per row as m + log Σⱼ exp(xⱼ − m), m the row's maximum (no overflow). */
export function logsumexpCode(k: KernelContext): string {
  const [rows, cols] = rowsAndCols(k, k.inShapes[0]);
  const [x] = k.ins;
  return `for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let max = ${x}[o]!;
  for (let j = 1; j < ${cols}; j++) if (${x}[o + j]! > max) max = ${x}[o + j]!;
  let sum = 0;
  for (let j = 0; j < ${cols}; j++) sum += Math.exp(${x}[o + j]! - max);
  ${k.out}[r] = max + Math.log(sum);
}`;
}
