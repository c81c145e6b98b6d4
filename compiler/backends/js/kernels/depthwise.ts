// Kernels of the depthwise 2-D convolution family (compiler/ops/depthwise-conv.ts), channels last:
// direct loops with every size, stride, dilation and pad a literal (the batch the only variable), no
// scratch memory. All three walk the same nest (sample, output pixel, kernel tap inside the input,
// channel c, multiplier m) and differ in the innermost statement: depthwise_conv2d sums x · k into
// output channel c·M + m, the input gradient adds Σ_m g · k back into the input channel c its taps
// read, the kernel gradient adds x · g into the tap's [p,q,c,m]. A pixel's M·C output channels and a
// tap's kernel row [p,q,:,:] share the layout c·M + m, so one offset `cm + m` indexes both.
// A tap in the zero padding is skipped by a bound test, written only where padding can reach it.
import { depthwiseDims, type DepthwiseDims } from "../../../ops/depthwise-conv.ts";
import type { KernelContext } from "../rule.ts";
import { sum, times } from "./index-expr.ts";

/** The input row and column a tap reads: h = i·sh + p·dh − top, w = j·sw + q·dw − left. */
const rowOf = (d: DepthwiseDims) => sum([times("i", d.strides[0]), times("p", d.dilations[0])], -d.pads[0]);
const colOf = (d: DepthwiseDims) => sum([times("j", d.strides[1]), times("q", d.dilations[1])], -d.pads[2]);

/** Where the comment says a tap reads. */
const taps = (d: DepthwiseDims) => `h = ${rowOf(d)}, w = ${colOf(d)}`;

/**
 * The shared loop nest: for each sample b and output pixel (i, j), `o` the offset of y's (or ∂L/∂y's)
 * pixel [b,i,j,0]; `start` runs there; for each tap (p, q) that reads an input pixel (h, w), `xo` the
 * offset of x's pixel [b,h,w,0] and `ko` of the kernel's [p,q,0,0], then `tap`.
 */
function windows(k: KernelContext, d: DepthwiseDims, start: string, tap: string): string {
  const [top, bottom, left, right] = d.pads;
  const bound = (v: string, size: number, before: number, after: number) => {
    // (without padding before, v ≥ 0 always; without padding after, v < size: OH's floor sees to it)
    const tests = [...(before > 0 ? [`${v} < 0`] : []), ...(after > 0 ? [`${v} >= ${size}`] : [])];
    return tests.length === 0 ? "" : `if (${tests.join(" || ")}) continue;\n`;
  };
  const CM = d.C * d.F;
  return `for (let b = 0; b < ${k.dim(d.N)}; b++) {
for (let i = 0; i < ${d.OH}; i++) {
for (let j = 0; j < ${d.OW}; j++) {
const o = ${times(`(${sum([times("b", d.OH), "i"])}) * ${d.OW} + j`, CM)};
${start}for (let p = 0; p < ${d.KH}; p++) {
const h = ${rowOf(d)};
${bound("h", d.H, top, bottom)}for (let q = 0; q < ${d.KW}; q++) {
const w = ${colOf(d)};
${bound("w", d.W, left, right)}const xo = ${times(`(${sum([times("b", d.H), "h"])}) * ${d.W} + w`, d.C)};
const ko = ${times(`${sum([times("p", d.KW), "q"])}`, CM)};
${tap}
}
}
}
}
}`;
}

/** x's element [b,h,w,c] (one channel: no c). */
const xAt = (d: DepthwiseDims): string => (d.C === 1 ? "xo" : "xo + c");
/** Channel c·M + m of the pixel or kernel row at `base` (the loops a size of one drops left out). */
const channelAt = (d: DepthwiseDims, base: string): string =>
  d.C === 1 ? (d.F === 1 ? base : `${base} + m`) : d.F === 1 ? `${base} + c` : `${base} + cm + m`;

/** `for (let c …) { … }` over the input channels, `cm` = c·M (one channel: the body alone, c = 0). */
const channels = (d: DepthwiseDims, body: string): string =>
  d.C === 1 ? body : `for (let c = 0; c < ${d.C}; c++) {\n${d.F === 1 ? "" : `const cm = ${times("c", d.F)};\n`}${body}\n}`;

/** `for (let m …) stmt` over the multiplier (M = 1: the statement alone, m = 0). */
const multiplier = (d: DepthwiseDims, stmt: string): string => (d.F === 1 ? stmt : `for (let m = 0; m < ${d.F}; m++) ${stmt}`);

const zero = (buf: string, count: string) => `for (let z = 0; z < ${count}; z++) ${buf}[z] = 0;`;

/** y[b,i,j,c·M+m] = Σ over the taps inside x of x[b,h,w,c] · k[p,q,c,m]. */
export function depthwiseConv2dCode(k: KernelContext): string {
  const [x, w] = [k.ins[0]!, k.ins[1]!];
  const d = depthwiseDims(k.inShapes[0]!, k.inShapes[1]!, k.attrs);
  const CM = d.C * d.F;
  const start = CM === 1 ? `${k.out}[o] = 0;\n` : `for (let z = 0; z < ${CM}; z++) ${k.out}[o + z] = 0;\n`;
  const tap = channels(d, `const v = ${x}[${xAt(d)}]!;\n${multiplier(d, `${k.out}[${channelAt(d, "o")}]! += v * ${w}[${channelAt(d, "ko")}]!;`)}`);
  return `// y[b,i,j,c·M+m] = Σ_{p,q} x[b,h,w,c]·k[p,q,c,m] at ${taps(d)} (M = ${d.F}): per output pixel, its taps inside x\n${windows(k, d, start, tap)}`;
}

/** dx = 0, then per output pixel, for each tap inside x: dx[b,h,w,c] += Σ_m g[b,i,j,c·M+m] · k[p,q,c,m]. */
export function depthwiseConv2dInputGradCode(k: KernelContext): string {
  const [g, w] = [k.ins[0]!, k.ins[1]!];
  const d = depthwiseDims(k.outShape, k.inShapes[1]!, k.attrs);
  const product = `${g}[${channelAt(d, "o")}]! * ${w}[${channelAt(d, "ko")}]!`;
  const dot = d.F === 1 ? `${k.out}[${xAt(d)}]! += ${product};` : `let s = 0;\n${multiplier(d, `s += ${product};`)}\n${k.out}[${xAt(d)}]! += s;`;
  return `// dx[b,h,w,c] = Σ_m Σ g[b,i,j,c·M+m]·k[p,q,c,m] over the taps reading (h, w), ${taps(d)} (M = ${d.F}): each output pixel's g added back through its taps\n${zero(k.out, k.size(k.outShape))}\n${windows(k, d, "", channels(d, dot))}`;
}

/** dk = 0, then per output pixel, for each tap inside x: dk[p,q,c,m] += x[b,h,w,c] · g[b,i,j,c·M+m]. */
export function depthwiseConv2dKernelGradCode(k: KernelContext): string {
  const [x, g] = [k.ins[0]!, k.ins[1]!];
  const d = depthwiseDims(k.inShapes[0]!, k.outShape, k.attrs);
  const tap = channels(d, `const v = ${x}[${xAt(d)}]!;\n${multiplier(d, `${k.out}[${channelAt(d, "ko")}]! += v * ${g}[${channelAt(d, "o")}]!;`)}`);
  return `// dk[p,q,c,m] = Σ_{b,i,j} x[b,h,w,c]·g[b,i,j,c·M+m] at ${taps(d)} (M = ${d.F}): per output pixel, x · g added into each tap inside x\n${zero(k.out, k.size(k.outShape))}\n${windows(k, d, "", tap)}`;
}
