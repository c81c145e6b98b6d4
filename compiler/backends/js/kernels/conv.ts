// Kernels of the 2-D convolution family (compiler/ops/conv.ts), channels last: direct loops with
// every size, stride, dilation and pad a literal (the batch the only variable), no scratch memory.
// All three walk the same nest (sample, output pixel, kernel tap inside the input) and differ in the
// innermost channel loops: conv2d sums into an output pixel, the input gradient adds each pixel's
// ∂L/∂y back into the input pixels its taps read, the kernel gradient adds x · ∂L/∂y into every tap.
// A tap in the zero padding is skipped by a bound test, written only where padding can reach it.
import { convDims, type ConvDims } from "../../../ops/conv.ts";
import type { KernelContext } from "../rule.ts";

/** `v · c` with the trivial factor dropped (a sum v in parentheses). */
const times = (v: string, c: number): string => (c === 1 ? v : `${/[+-]/.test(v) ? `(${v})` : v} * ${c}`);
/** A sum of code terms and a constant, without zero terms. */
function sum(terms: readonly string[], constant = 0): string {
  const parts = terms.filter((t) => t !== "0");
  if (constant > 0) parts.push(String(constant));
  const text = parts.join(" + ") || "0";
  return constant < 0 ? `${text} - ${-constant}` : text;
}

/** The input row and column a tap reads: h = i·sh + p·dh − top, w = j·sw + q·dw − left. */
const rowOf = (d: ConvDims) => sum([times("i", d.strides[0]), times("p", d.dilations[0])], -d.pads[0]);
const colOf = (d: ConvDims) => sum([times("j", d.strides[1]), times("q", d.dilations[1])], -d.pads[2]);

/**
 * The shared loop nest: for each sample b and output pixel (i, j), `o` the offset of ∂L/∂y's (or y's)
 * pixel [b,i,j,0]; `start` runs there; for each tap (p, q) that reads an input pixel (h, w), `xo` the
 * offset of x's pixel [b,h,w,0] and `ko` of the kernel's [p,q,0,0], then `tap`.
 */
function windows(k: KernelContext, d: ConvDims, start: string, tap: string): string {
  const [top, bottom, left, right] = d.pads;
  const bound = (v: string, size: number, before: number, after: number) => {
    // (without padding before, v ≥ 0 always; without padding after, v < size: OH's floor sees to it)
    const tests = [...(before > 0 ? [`${v} < 0`] : []), ...(after > 0 ? [`${v} >= ${size}`] : [])];
    return tests.length === 0 ? "" : `if (${tests.join(" || ")}) continue;\n`;
  };
  return `for (let b = 0; b < ${k.dim(d.N)}; b++) {
for (let i = 0; i < ${d.OH}; i++) {
for (let j = 0; j < ${d.OW}; j++) {
const o = ${times(`(${sum([times("b", d.OH), "i"])}) * ${d.OW} + j`, d.F)};
${start}for (let p = 0; p < ${d.KH}; p++) {
const h = ${rowOf(d)};
${bound("h", d.H, top, bottom)}for (let q = 0; q < ${d.KW}; q++) {
const w = ${colOf(d)};
${bound("w", d.W, left, right)}const xo = ${times(`(${sum([times("b", d.H), "h"])}) * ${d.W} + w`, d.C)};
const ko = ${times(`${sum([times("p", d.KW), "q"])}`, d.C * d.F)};
${tap}
}
}
}
}
}`;
}

/** Where the comment says a tap reads. */
const taps = (d: ConvDims) => `h = ${rowOf(d)}, w = ${colOf(d)}`;

/** `for (let c …) { … }` over the channels, `kc` the kernel's row [p,q,c,:] (one channel: no loop). */
const channels = (d: ConvDims, body: string): string =>
  d.C === 1 ? body.replaceAll("xo + c]", "xo]").replaceAll("[kc", "[ko") : `for (let c = 0; c < ${d.C}; c++) {\nconst kc = ko + ${times("c", d.F)};\n${body}\n}`;

/** `for (let f …) stmt` over the filters (one filter: the statement alone, f = 0). */
const filters = (d: ConvDims, stmt: string): string =>
  d.F === 1 ? stmt.replaceAll(" + f]", "]") : `for (let f = 0; f < ${d.F}; f++) ${stmt}`;

const zero = (buf: string, count: string) => `for (let z = 0; z < ${count}; z++) ${buf}[z] = 0;`;

/** y[b,i,j,:] = Σ over the taps inside x and the channels of x[b,h,w,c] · k[p,q,c,:]. */
export function conv2dCode(k: KernelContext): string {
  const [x, w] = [k.ins[0]!, k.ins[1]!];
  const d = convDims(k.inShapes[0]!, k.inShapes[1]!, k.attrs);
  const start = `${filters(d, `${k.out}[o + f] = 0;`)}\n`;
  const tap = channels(d, `const v = ${x}[xo + c]!;\n${filters(d, `${k.out}[o + f]! += v * ${w}[kc + f]!;`)}`);
  return `// y[b,i,j,f] = Σ_{p,q,c} x[b,h,w,c]·k[p,q,c,f] at ${taps(d)}: per output pixel, its taps inside x\n${windows(k, d, start, tap)}`;
}

/** dx = 0, then per output pixel, for each tap inside x: dx[b,h,w,c] += Σ_f g[b,i,j,f] · k[p,q,c,f]. */
export function conv2dInputGradCode(k: KernelContext): string {
  const [g, w] = [k.ins[0]!, k.ins[1]!];
  const d = convDims(k.outShape, k.inShapes[1]!, k.attrs);
  const dot = d.F === 1 ? `${k.out}[xo + c]! += ${g}[o]! * ${w}[kc]!;` : `let s = 0;\n${filters(d, `s += ${g}[o + f]! * ${w}[kc + f]!;`)}\n${k.out}[xo + c]! += s;`;
  const tap = channels(d, dot);
  return `// dx[b,h,w,c] = Σ g[b,i,j,f]·k[p,q,c,f] over the taps reading (h, w), ${taps(d)}: each output pixel's g added back through its taps\n${zero(k.out, k.size(k.outShape))}\n${windows(k, d, "", tap)}`;
}

/** dk = 0, then per output pixel, for each tap inside x: dk[p,q,c,:] += x[b,h,w,c] · g[b,i,j,:]. */
export function conv2dKernelGradCode(k: KernelContext): string {
  const [x, g] = [k.ins[0]!, k.ins[1]!];
  const d = convDims(k.inShapes[0]!, k.outShape, k.attrs);
  const tap = channels(d, `const v = ${x}[xo + c]!;\n${filters(d, `${k.out}[kc + f]! += v * ${g}[o + f]!;`)}`);
  return `// dk[p,q,c,f] = Σ_{b,i,j} x[b,h,w,c]·g[b,i,j,f] at ${taps(d)}: per output pixel, x · g added into each tap inside x\n${zero(k.out, k.size(k.outShape))}\n${windows(k, d, "", tap)}`;
}
