// Kernels of the reductions: reduce_sum, reduce_mean and reduce_max over any axes (a sum over
// leading axes as column sums), and logsumexp over the last axis.
import type { Shape } from "../../../ir/graph.ts";
import { ints } from "../../../ops/define.ts";
import { staticSize } from "../../../ops/nd.ts";
import { block, loopNest, strides } from "../loop-nest.ts";
import { rowsAndCols, type KernelContext } from "../rule.ts";

type Kind = "sum" | "max" | "mean";

/**
 * Column sums in local accumulators when leading axes are summed; loops over the kept axes with an
 * accumulator over the reduced ones when the last axis is reduced; else one pass over x.
 */
export function reduceCode(k: KernelContext, kind: Kind): string {
  const { out, ins: [x], inShapes: [xs], outShape } = k;
  const axes = ints(k.attrs, "axes");
  const xStride = strides(xs);
  const kept = xs.map((_, a) => a).filter((a) => !axes.includes(a));
  const reduced: Shape = axes.map((a) => xs[a]!);
  const init = kind === "max" ? "-Infinity" : "0";
  const count = kind === "mean" ? [`const count = ${k.size(reduced)};`] : [];
  const scale = kind === "mean" ? " / count" : "";
  // Leading axes summed, not all: x is [rows, cols], the output a row of column sums (n, if any, is in the rows).
  const lead = axes.every((a, i) => a === i) ? axes.length : 0;
  if (kind !== "max" && lead > 0 && lead < xs.length) {
    return [...count, columnSumsCode(out, x, k.size(xs.slice(0, lead)), staticSize(xs.slice(lead)), scale)].join("\n");
  }
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
 * Column sums of x [rows, cols] (a reduction over leading axes) accumulated in local doubles,
 * eight columns per pass over the rows (all of them up to twelve), stored once (`scale` appended):
 * no zero-fill, no read-modify-write of the output.
 */
function columnSumsCode(out: string, x: string, rows: string, cols: number, scale: string): string {
  const pass = (width: number, j: string) => {
    const names = Array.from({ length: width }, (_, u) => `s${u}`);
    const at = (u: number) => (u === 0 ? "o" : `o + ${u}`);
    const col = (u: number) => (j === "j" ? (u === 0 ? "j" : `j + ${u}`) : String(Number(j) + u));
    return `{
  let ${names.map((s) => `${s} = 0`).join(",\n")};
  for (let r = 0, o = ${j}; r < ${rows}; r++, o += ${cols}) {
    ${names.map((s, u) => `${s} += ${x}[${at(u)}]!;`).join("\n")}
  }
  ${names.map((s, u) => `${out}[${col(u)}] = ${s}${scale};`).join("\n")}
}`;
  };
  if (cols <= 12) return pass(cols, "0");
  const full = Math.floor(cols / 8) * 8;
  const parts = [full === 8 ? pass(8, "0") : `for (let j = 0; j < ${full}; j += 8) ${pass(8, "j")}`];
  if (cols % 8) parts.push(pass(cols % 8, String(full)));
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
