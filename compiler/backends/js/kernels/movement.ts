// Kernels of the movement ops: reshape (a copy for now; the plan may later make it a view of its
// input), transpose, slice, pad and concat, strided copies with compile-time strides.
import { ints, num } from "../../../ops/define.ts";
import { loopNest, strides } from "../loop-nest.ts";
import type { KernelContext } from "../rule.ts";
import { collapse, nest } from "../strides.ts";

/** The same elements in the same order. */
export function reshapeCode({ out, ins: [x], outShape, size }: KernelContext): string {
  return `for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = ${x}[i]!;`;
}

/** A strided copy: y is written contiguously, x read with its strides permuted. */
export function transposeCode({ out, ins: [x], inShapes: [shape], attrs, size }: KernelContext): string {
  const perm = ints(attrs, "perm");
  const xs = strides(shape!);
  const axes = collapse(perm.map((p) => ({ size: [shape![p]!], strides: [xs[p]!] })));
  if (axes.length <= 1 && (axes[0]?.strides[0] ?? 1) === 1) {
    return `for (let i = 0; i < ${size(shape!)}; i++) ${out}[i] = ${x}[i]!;`;
  }
  const loops = nest({ name: "i", axes, from: ["0"], buffers: ["x"] }, size, ([at]) => `${out}[o++] = ${x}[${at}]!;`, true);
  return `let o = 0;\n${loops}`;
}

/** The block of x at begin, copied. */
export function sliceCode({ out, ins: [x], inShapes: [xs], outShape, attrs }: KernelContext): string {
  const begin = ints(attrs, "begin");
  const xStride = strides(xs);
  const base = begin.reduce((acc, b, a) => acc + b * xStride[a]!, 0);
  const walks = [
    { name: "o", strides: strides(outShape) },
    { name: "x", strides: xStride, base: String(base) },
  ];
  return loopNest(outShape, walks, ([o, xo]) => `${out}[${o}] = ${x}[${xo}]!;`);
}

/** Zeros, then x copied into its block. */
export function padCode({ out, ins: [x], inShapes: [xs], outShape, attrs, size }: KernelContext): string {
  const before = ints(attrs, "before");
  const oStride = strides(outShape);
  const base = before.reduce((acc, p, a) => acc + p * oStride[a]!, 0);
  const walks = [
    { name: "x", strides: strides(xs) },
    { name: "o", strides: oStride, base: String(base) },
  ];
  return `for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = 0;\n${loopNest(xs, walks, ([xo, o]) => `${out}[${o}] = ${x}[${xo}]!;`)}`;
}

/** Each input copied into its block of the output (offsets along the axis, outer strides constant). */
export function concatCode({ out, ins, inShapes, outShape, attrs }: KernelContext): string {
  const axis = num(attrs, "axis");
  const oStride = strides(outShape);
  let at = 0;
  return ins
    .map((x, i) => {
      const xs = inShapes[i]!;
      const walks = [
        { name: "x", strides: strides(xs) },
        { name: "o", strides: oStride, base: String(at * oStride[axis]!) },
      ];
      at += xs[axis] as number;
      return loopNest(xs, walks, ([xo, o]) => `${out}[${o}] = ${x}[${xo}]!;`);
    })
    .join("\n");
}
