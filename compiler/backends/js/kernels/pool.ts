// Kernels of 2-D pooling (compiler/ops/pool.ts), channels last: direct loops with every size, stride
// and pad a literal (the batch the only variable), no scratch memory. All five walk the same nest
// (sample, output pixel, channel (no loop for one), then the window's rows h0 ≤ h < h1 and columns w0 ≤ w < w1 inside
// the input) and differ in what they do per position: max_pool2d keeps the maximum, max_pool2d_grad
// and max_pool2d_gather find the first maximum's offset (a strict > keeps the first in row-major
// order) and add g there or read u there, avg_pool2d sums and divides by the count, avg_pool2d_grad
// adds g / count into every position. The window is clamped to the input only on a side with padding
// (elsewhere the output size keeps it inside), and the count is a literal without padding.
import { poolDims, avgGradDims, type PoolDims } from "../../../ops/pool.ts";
import type { KernelContext } from "../rule.ts";

/** `v · c` with the trivial factor dropped (a sum v in parentheses). */
const times = (v: string, c: number): string => (c === 1 ? v : `${/[+-]/.test(v) ? `(${v})` : v} * ${c}`);
/** `v + c`, `v - c` or v. */
const plus = (v: string, c: number): string => (c === 0 ? v : c > 0 ? `${v} + ${c}` : `${v} - ${-c}`);

/** ` + c`, the channel's offset within a pixel (nothing for one channel: no channel loop). */
const chan = (d: PoolDims): string => (d.C === 1 ? "" : " + c");

/** The offset of x's element [b,h,w,c] (h, w code). */
const at = (d: PoolDims, h: string, w: string): string => `${times(`(${times("b", d.H)} + ${h}) * ${d.W} + ${w}`, d.C)}${chan(d)}`;

/**
 * The shared nest: for each sample b, output pixel (i, j) with `o` the offset of y's [b,i,j,0] and
 * the window's rows [h0, h1) and columns [w0, w1) inside x, `pixel` runs, then for each channel c `channel`.
 */
function windows(k: KernelContext, d: PoolDims, pixel: string, channel: string): string {
  const [top, bottom, left, right] = d.pads;
  const [ph, pw] = d.window;
  const start = (v: string, s: number, before: number) => (before > 0 ? `Math.max(${plus(times(v, s), -before)}, 0)` : times(v, s));
  const end = (v: string, s: number, before: number, after: number, size: number, win: number) =>
    after > 0 ? `Math.min(${plus(times(v, s), win - before)}, ${size})` : plus(times(v, s), win - before);
  return `for (let b = 0; b < ${k.dim(d.N)}; b++) {
for (let i = 0; i < ${d.OH}; i++) {
const h0 = ${start("i", d.strides[0], top)};
const h1 = ${end("i", d.strides[0], top, bottom, d.H, ph)};
for (let j = 0; j < ${d.OW}; j++) {
const w0 = ${start("j", d.strides[1], left)};
const w1 = ${end("j", d.strides[1], left, right, d.W, pw)};
const o = ${times(`(${times("b", d.OH)} + i) * ${d.OW} + j`, d.C)};
${pixel}${d.C === 1 ? channel : `for (let c = 0; c < ${d.C}; c++) {\n${channel}\n}`}
}
}
}`;
}

/** For each position (h, w) of the window: `body`, with `xo` the offset of x's [b,h,w,c]. */
const positions = (d: PoolDims, body: string): string =>
  `for (let h = h0; h < h1; h++) {\nfor (let w = w0; w < w1; w++) {\nconst xo = ${at(d, "h", "w")};\n${body}\n}\n}`;

/** `a` the offset of the first maximum of x's window at channel c (strict >: the first in row-major order wins ties). */
const argmax = (d: PoolDims, x: string): string =>
  `let a = ${at(d, "h0", "w0")};\nlet m = ${x}[a]!;\n${positions(d, `const v = ${x}[xo]!;\nif (v > m) {\nm = v;\na = xo;\n}`)}`;

/** The number of the window's positions inside x: a literal without padding. */
const countOf = (d: PoolDims): string => (d.pads.some((p) => p > 0) ? "(h1 - h0) * (w1 - w0)" : String(d.window[0] * d.window[1]));

const zero = (buf: string, count: string) => `for (let z = 0; z < ${count}; z++) ${buf}[z] = 0;`;

/** Where the comment says the windows start. */
const where = (d: PoolDims) => {
  const from = (v: string, s: number, pad: number) => `${s === 1 ? v : `${v}·${s}`}${pad > 0 ? ` − ${pad}` : ""}`;
  return `${d.window[0]}×${d.window[1]} windows from row ${from("i", d.strides[0], d.pads[0])}, column ${from("j", d.strides[1], d.pads[2])}, inside x`;
};

/** y[b,i,j,c] = the maximum of x over the window's positions inside x. */
export function maxPool2dCode(k: KernelContext): string {
  const x = k.ins[0]!;
  const d = poolDims(k.inShapes[0]!, k.attrs);
  const channel = `let m = ${x}[${at(d, "h0", "w0")}]!;\n${positions(d, `const v = ${x}[xo]!;\nif (v > m) m = v;`)}\n${k.out}[o${chan(d)}] = m;`;
  return `// y[b,i,j,c] = max x[b,h,w,c] over the ${where(d)}\n${windows(k, d, "", channel)}`;
}

/** dx = 0, then per output element: dx at its window's first maximum += g. */
export function maxPool2dGradCode(k: KernelContext): string {
  const [x, g] = [k.ins[0]!, k.ins[1]!];
  const d = poolDims(k.inShapes[0]!, k.attrs);
  const channel = `${argmax(d, x)}\n${k.out}[a]! += ${g}[o${chan(d)}]!;`;
  return `// dx = Σ g[b,i,j,c] at the first maximum of x over the ${where(d)}\n${zero(k.out, k.size(k.outShape))}\n${windows(k, d, "", channel)}`;
}

/** y[b,i,j,c] = u at the first maximum of x's window. */
export function maxPool2dGatherCode(k: KernelContext): string {
  const [x, u] = [k.ins[0]!, k.ins[1]!];
  const d = poolDims(k.inShapes[0]!, k.attrs);
  const channel = `${argmax(d, x)}\n${k.out}[o${chan(d)}] = ${u}[a]!;`;
  return `// y[b,i,j,c] = u at the first maximum of x over the ${where(d)}\n${windows(k, d, "", channel)}`;
}

/** y[b,i,j,c] = the sum of x over the window's positions inside x / their count. */
export function avgPool2dCode(k: KernelContext): string {
  const x = k.ins[0]!;
  const d = poolDims(k.inShapes[0]!, k.attrs);
  const count = countOf(d);
  const pixel = count.startsWith("(") ? `const count = ${count};\n` : "";
  const channel = `let s = 0;\n${positions(d, `s += ${x}[xo]!;`)}\n${k.out}[o${chan(d)}] = s / ${pixel ? "count" : count};`;
  return `// y[b,i,j,c] = the mean of x[b,h,w,c] over the ${where(d)}\n${windows(k, d, pixel, channel)}`;
}

/** dx = 0, then per output element: g / count added into each position of its window inside x. */
export function avgPool2dGradCode(k: KernelContext): string {
  const g = k.ins[0]!;
  const d = avgGradDims(k.inShapes[0]!, k.attrs);
  const count = countOf(d);
  const pixel = count.startsWith("(") ? `const count = ${count};\n` : "";
  const channel = `const v = ${g}[o${chan(d)}]! / ${pixel ? "count" : count};\n${positions(d, `${k.out}[xo]! += v;`)}`;
  return `// dx[b,h,w,c] = Σ g[b,i,j,c] / count over the ${where(d)}\n${zero(k.out, k.size(k.outShape))}\n${windows(k, d, pixel, channel)}`;
}
