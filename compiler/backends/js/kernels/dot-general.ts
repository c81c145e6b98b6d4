// The dot_general kernel: one loop nest with compile-time strides per batched contraction.
import { dotDims } from "../../../ops/dot-general.ts";
import type { KernelContext } from "../rule.ts";
import { collapse, nest, type LoopAxis } from "../strides.ts";
import { strides } from "../loop-nest.ts";

/** Inner-loop stride of a collapsed group for buffer k (undefined when the group is empty). */
const innerStride = (axes: readonly LoopAxis[], k: number) => axes[axes.length - 1]?.strides[k];

/** At most this many accumulators (locals) per row of C in the `row` order. */
export const REGISTER_ROW = 16;

/**
 * The columns of C summed at once in the `row` order: all of them up to REGISTER_ROW, else the
 * widest divisor of the row from 8 to REGISTER_ROW (no remainder loop); undefined: another order.
 */
function rowWidth(size: readonly number[]): number | undefined {
  const cols = size.reduce((x, y) => x * y, 1);
  if (cols <= 1) return undefined;
  if (cols <= REGISTER_ROW) return cols;
  for (let w = REGISTER_ROW; w >= 8; w--) if (cols % w === 0) return w;
  return undefined;
}

/**
 * One loop nest with compile-time strides: over the batch axes, then one of four orders:
 *   row    for i, for each block of columns, for p: c₀… += A[i,p] · B[p,j…] in locals, then C's block
 *          written once (B's free axes one loop, see rowWidth: one load of A per step, no reads of C)
 * else chosen so the innermost loop streams contiguous memory where it can:
 *   dot    for i, for j: a sum over the contraction (B's free axes not contiguous)
 *   axpy   for i, for p: C[i,:] += A[i,p] · B[p,:] (B's free axes contiguous)
 *   outer  for p, for i: C[i,:] += A[i,p] · B[p,:] (also A's free axes contiguous, its contraction not)
 * Offsets are into L (A), R (B) and O (C).
 */
export function dotGeneralCode(k: KernelContext): string {
  const [a, b] = [k.inShapes[0]!, k.inShapes[1]!];
  const [L, R] = [k.ins[0]!, k.ins[1]!];
  const O = k.out;
  const d = dotDims(a, b, k.attrs);
  const [as, bs, cs] = [strides(a), strides(b), strides(d.out)];
  const nb = d.lb.length;
  const batch = collapse(d.lb.map((ax, t) => ({ size: [a[ax]!], strides: [as[ax]!, bs[d.rb[t]!]!, cs[t]!] })));
  const M = collapse(d.lf.map((ax, t) => ({ size: [a[ax]!], strides: [as[ax]!, 0, cs[nb + t]!] })));
  const N = collapse(d.rf.map((ax, t) => ({ size: [b[ax]!], strides: [0, bs[ax]!, cs[nb + d.lf.length + t]!] })));
  const pairs = d.lc.map((ax, t) => ({ size: [a[ax]!], strides: [as[ax]!, bs[d.rc[t]!]!, 0] }));
  const K = collapse(pairs.sort((x, y) => y.strides[0]! - x.strides[0]!));
  const buffers = ["l", "r", "o"];
  const loops = (name: string, axes: readonly LoopAxis[], from: readonly string[], body: (at: readonly string[]) => string, inline = false) =>
    nest({ name, axes, from, buffers }, k.size, body, inline);
  const load = (buf: string, at: string) => `${buf}[${at}]!`;
  const groupSize = (axes: readonly LoopAxis[]) => k.size(axes.flatMap((ax) => ax.size));
  const zero = (at: string, axes: readonly LoopAxis[]) => `for (let z = 0; z < ${groupSize(axes)}; z++) ${O}[${at === "0" ? "z" : `${at} + z`}] = 0;`;
  const axpy = (at: readonly string[]) => [
    `const v = ${load(L, at[0]!)};`,
    loops("j", N, at, (x) => `${O}[${x[2]}]! += v * ${load(R, x[1]!)};`, true),
  ].join("\n");

  let order: "row" | "dot" | "axpy" | "outer" = "dot";
  const width = N.length === 1 && K.length > 0 ? rowWidth(N[0]!.size as readonly number[]) : undefined;
  if (width) order = "row";
  else if (N.length > 0 && innerStride(N, 1) === 1) {
    order = M.length > 0 && K.length > 0 && innerStride(M, 0) === 1 && innerStride(K, 0) !== 1 ? "outer" : "axpy";
  }
  const perSample = (at: readonly string[]): string => {
    if (order === "row") {
      const [{ size, strides: [, rs, os] }, w] = [N[0]!, width!];
      const c = Array.from({ length: w }, (_, j) => j);
      const plus = (base: string, j: number, stride: number) => (j === 0 ? base : `${base} + ${j * stride}`);
      // w accumulators for columns j…j+w−1 of row i: one load of A per step of p, C written once.
      const columns = (x: readonly string[]) =>
        [
          ...c.map((j) => `let c${j} = 0;`),
          loops("p", K, x, (y) => [`const v = ${load(L, y[0]!)};`, ...c.map((j) => `c${j} += v * ${load(R, plus(y[1]!, j, rs!))};`)].join("\n")),
          ...c.map((j) => `${O}[${plus(x[2]!, j, os!)}] = c${j};`),
        ].join("\n");
      const cols = (size as readonly number[]).reduce((x, y) => x * y, 1);
      const blocks = cols === w ? [] : [{ size: [cols / w], strides: [0, w * rs!, w * os!] }];
      return loops("i", M, at, (x) => loops("j", blocks, x, columns));
    }
    if (order === "outer") {
      return [zero(at[2]!, [...M, ...N]), loops("p", K, at, (x) => loops("i", M, x, axpy))].join("\n");
    }
    return loops("i", M, at, (x) => {
      if (order === "axpy") return [zero(x[2]!, N), loops("p", K, x, axpy)].join("\n");
      return loops("j", N, x, (y) => {
        const sum = loops("p", K, y, (z) => `sum += ${load(L, z[0]!)} * ${load(R, z[1]!)};`, true);
        return `let sum = 0;\n${sum}\n${O}[${y[2]}] = sum;`;
      });
    });
  };
  const what = { row: `${width} columns of C in locals at a time per row`, dot: "a sum over p per element", axpy: "rows of B scaled and added per (i, p)", outer: "an outer product per p" }[order];
  return `// C[i,j] = Σₚ A[i,p]·B[p,j]: ${what}\n${loops("s", batch, ["0", "0", "0"], perSample)}`;
}
