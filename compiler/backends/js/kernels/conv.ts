// Kernels of the 2-D convolution family (compiler/ops/conv.ts), channels last: direct loops with
// every size, stride, dilation and pad a literal (the batch the only variable), no scratch memory,
// register-tiled: each kernel keeps a small tile of sums in locals, unrolled, and stores it once.
//   conv2d              per output row, tiles of TJ output pixels × TF filters summed over the
//                       taps and channels; the columns whose taps all lie inside x (the interior)
//                       without bound tests, the border columns one pixel at a time with them
//   conv2d_kernel_grad  per tap, the output pixels whose tap lies inside x form a rectangle; tiles
//                       of TC channels × TF filters summed over the batch and that rectangle,
//                       stored once (each element of ∂k written exactly once: no zeroing)
//   conv2d_input_grad   ∂x zeroed, then per tap, over the same rectangle, tiles of TJ pixels × TC
//                       channels summed over the filters and added into ∂x's pixels the tap read
// The tile sizes are literals here (TILE); a remainder (fewer pixels, channels or filters than a
// tile) gets its own smaller unrolled body.
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

/** The register tiles: output pixels along a row, filters, channels. */
export const TILE = { pixels: 4, filters: 4, channels: 4 } as const;

/** A bound test skipping a tap outside x (without padding before, v ≥ 0 always; without padding after, v < size: OH's floor sees to it). */
function bound(v: string, size: number, before: number, after: number): string {
  const tests = [...(before > 0 ? [`${v} < 0`] : []), ...(after > 0 ? [`${v} >= ${size}`] : [])];
  return tests.length === 0 ? "" : `if (${tests.join(" || ")}) continue;\n`;
}

const zero = (buf: string, count: string) => `for (let z = 0; z < ${count}; z++) ${buf}[z] = 0;`;

/** `[0, 1, …, n − 1]`. */
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** `base + c` (c ≥ 0), without a zero term. */
const offset = (base: string, c: number): string => (c === 0 ? base : `${base} + ${c}`);

/**
 * Loops over [0, total) in tiles of `tile` and one smaller remainder: `body(var or literal start, size)`
 * per tile size; the loop variable `v`.
 */
function tiled(v: string, total: number, tile: number, body: (at: string, size: number) => string): string {
  const size = Math.min(tile, total);
  const full = total - (total % size);
  if (full === size && full === total) return body("0", size);
  // (each body in a block of its own: their locals share names)
  const loop = full === size ? `{\n${body("0", size)}\n}` : `for (let ${v} = 0; ${v} < ${full}; ${v} += ${size}) {\n${body(v, size)}\n}`;
  return full === total ? loop : `${loop}\n{\n${body(String(full), total - full)}\n}`;
}

/** `let s… = 0` for an a × b tile of sums, `s{t}_{u}`. */
const sums = (a: number, b: number): string => range(a).flatMap((t) => range(b).map((u) => `let s${t}_${u} = 0;`)).join("\n");

/**
 * The first and one-past-last output index whose tap (at `tap`·dilation) lies inside an input of
 * `size`: i·s + tap·dil − before ∈ [0, size). Code, or the literal when padding cannot cut it.
 */
function inside(tap: string, s: number, dil: number, before: number, after: number, size: number, out: number): [string, string] {
  const at = times(tap, dil);
  // (without padding before, i·s + tap·dil − 0 ≥ 0 always; without padding after, OH's floor keeps the last inside)
  const lo = before > 0 ? `Math.max(0, Math.ceil((${before} - ${at}) / ${s}))` : "0";
  const hi = after > 0 ? `Math.min(${out}, Math.floor((${size - 1 + before} - ${at}) / ${s}) + 1)` : String(out);
  return [lo, hi];
}

/** Where the comment says a tap reads. */
const taps = (d: ConvDims) => `h = ${rowOf(d)}, w = ${colOf(d)}`;

/**
 * The forward tile body: TJ pixels (at column j, `o` the offset of y's [b,i,j,0]) × tf filters from
 * `f`: sums over the taps inside x (bound tests on the columns when `checked`) and the channels, stored.
 */
function forwardTile(k: KernelContext, d: ConvDims, tj: number, f: string, tf: number, checked: boolean): string {
  const [x, w] = [k.ins[0]!, k.ins[1]!];
  const [top, bottom, left, right] = d.pads;
  const step = d.strides[1] * d.C; // from one output pixel's input pixel to the next's
  const loads = range(tj).map((t) => `const x${t} = ${x}[${offset("xc", t * step)}]!;`);
  const weights = range(tf).map((u) => `const w${u} = ${w}[${offset("kc", u)}]!;`);
  const fmas = range(tj).flatMap((t) => range(tf).map((u) => `s${t}_${u} += x${t} * w${u};`));
  const channel = `const xc = ${d.C === 1 ? "xo" : "xo + c"};\nconst kc = ${d.C === 1 ? "ko" : `ko + ${times("c", d.F)}`};\n${[...loads, ...weights, ...fmas].join("\n")}`;
  // (the store applies a fused epilogue, a bias and an activation, on the way: KernelContext.store)
  const store = k.store ?? ((at: string, _column: string, value: string) => `${k.out}[${at}] = ${value};`);
  const column = (u: number) => (f === "0" ? String(u) : offset(f, u));
  const stores = range(tj).flatMap((t) => range(tf).map((u) => store(offset(f === "0" ? "o" : `o + ${f}`, t * d.F + u), column(u), `s${t}_${u}`)));
  return `${sums(tj, tf)}
for (let p = 0; p < ${d.KH}; p++) {
const h = ${rowOf(d)};
${bound("h", d.H, top, bottom)}for (let q = 0; q < ${d.KW}; q++) {
const w = ${colOf(d)};
${checked ? bound("w", d.W, left, right) : ""}const xo = ${times(`(${sum([times("b", d.H), "h"])}) * ${d.W} + w`, d.C)};
const ko = ${times(`${sum([times("p", d.KW), "q"])}`, d.C * d.F)}${f === "0" ? "" : ` + ${f}`};
${d.C === 1 ? channel : `for (let c = 0; c < ${d.C}; c++) {\n${channel}\n}`}
}
}
${stores.join("\n")}`;
}

/** y[b,i,j,:] = Σ over the taps inside x and the channels of x[b,h,w,c] · k[p,q,c,:]. */
export function conv2dCode(k: KernelContext): string {
  const d = convDims(k.inShapes[0]!, k.inShapes[1]!, k.attrs);
  const left = d.pads[2];
  // The interior: the columns j whose every tap lies inside x (j·sw − left ≥ 0, j·sw + (KW−1)·dw − left < W).
  const first = Math.min(d.OW, Math.ceil(left / d.strides[1]));
  const last = Math.max(first, Math.min(d.OW, Math.floor((d.W - 1 + left - (d.KW - 1) * d.dilations[1]) / d.strides[1]) + 1));
  const tj = Math.min(TILE.pixels, Math.max(1, last - first));
  const mid = first + (last - first) - ((last - first) % tj);
  // Column segments [from, to): tiles of tj pixels in the interior, single pixels elsewhere (tested at the border).
  const segments: [number, number, number, boolean][] = [
    [0, first, 1, true],
    [first, mid, tj, false],
    [mid, last, 1, false],
    [last, d.OW, 1, true],
  ];
  const code = segments
    .filter(([from, to]) => to > from)
    .map(([from, to, size, checked]) => {
      const body = `const o = ${times(`(${sum([times("b", d.OH), "i"])}) * ${d.OW} + j`, d.F)};\n${tiled("f", d.F, TILE.filters, (f, tf) => forwardTile(k, d, size, f, tf, checked))}`;
      return to - from === size ? `{\nconst j = ${from};\n${body}\n}` : `for (let j = ${from}; j < ${to}; j += ${size}) {\n${body}\n}`;
    });
  const where = `${taps(d)}: per output row, tiles of ${tj} pixels × ${Math.min(TILE.filters, d.F)} filters in locals`;
  return `// y[b,i,j,f] = Σ_{p,q,c} x[b,h,w,c]·k[p,q,c,f] at ${where}; columns ${first}–${last - 1} without bound tests
for (let b = 0; b < ${k.dim(d.N)}; b++) {
for (let i = 0; i < ${d.OH}; i++) {
${code.join("\n")}
}
}`;
}

/**
 * For each tap (p, q): `rows`/`cols` the output pixels whose tap lies inside x, [i0, i1) × [j0, j1),
 * `ko` the offset of the kernel's [p,q,0,0]; then `body`.
 */
function perTap(d: ConvDims, body: string): string {
  const [top, bottom, left, right] = d.pads;
  const [i0, i1] = inside("p", d.strides[0], d.dilations[0], top, bottom, d.H, d.OH);
  const [j0, j1] = inside("q", d.strides[1], d.dilations[1], left, right, d.W, d.OW);
  return `for (let p = 0; p < ${d.KH}; p++) {
const i0 = ${i0};
const i1 = ${i1};
for (let q = 0; q < ${d.KW}; q++) {
const j0 = ${j0};
const j1 = ${j1};
const ko = ${times(`${sum([times("p", d.KW), "q"])}`, d.C * d.F)};
${body}
}
}`;
}

/** The offsets of x's pixel [b,h,w,0] (`xo`) and g's [b,i,j,0] (`go`) for output pixel (i, j) and the tap (p, q). */
const pixelOffsets = (d: ConvDims) => `const h = ${rowOf(d)};
const w = ${colOf(d)};
const xo = ${times(`(${sum([times("b", d.H), "h"])}) * ${d.W} + w`, d.C)};
const go = ${times(`(${sum([times("b", d.OH), "i"])}) * ${d.OW} + j`, d.F)};`;

/** dk = Σ over the batch and the output pixels of x · g, per tap: tiles of channels × filters in locals, stored once. */
export function conv2dKernelGradCode(k: KernelContext): string {
  const [x, g] = [k.ins[0]!, k.ins[1]!];
  const d = convDims(k.inShapes[0]!, k.outShape, k.attrs);
  const tile = (c: string, tc: number) =>
    tiled("f", d.F, TILE.filters, (f, tf) => {
      const xs = range(tc).map((t) => `const x${t} = ${x}[${offset(c === "0" ? "xo" : `xo + ${c}`, t)}]!;`);
      const gs = range(tf).map((u) => `const g${u} = ${g}[${offset(f === "0" ? "go" : `go + ${f}`, u)}]!;`);
      const fmas = range(tc).flatMap((t) => range(tf).map((u) => `s${t}_${u} += x${t} * g${u};`));
      const at = (t: number, u: number) => offset(`ko${c === "0" ? "" : ` + ${times(c, d.F)}`}${f === "0" ? "" : ` + ${f}`}`, t * d.F + u);
      const stores = range(tc).flatMap((t) => range(tf).map((u) => `${k.out}[${at(t, u)}] = s${t}_${u};`));
      return `${sums(tc, tf)}
for (let b = 0; b < ${k.dim(d.N)}; b++) {
for (let i = i0; i < i1; i++) {
for (let j = j0; j < j1; j++) {
${pixelOffsets(d)}
${[...xs, ...gs, ...fmas].join("\n")}
}
}
}
${stores.join("\n")}`;
    });
  return `// dk[p,q,c,f] = Σ_{b,i,j} x[b,h,w,c]·g[b,i,j,f] at ${taps(d)}: per tap, over the output pixels whose tap lies inside x, tiles of ${Math.min(TILE.channels, d.C)} channels × ${Math.min(TILE.filters, d.F)} filters in locals
${perTap(d, tiled("c", d.C, TILE.channels, tile))}`;
}

/** dx = 0, then per tap, over the output pixels whose tap lies inside x: dx[b,h,w,c] += Σ_f g[b,i,j,f] · k[p,q,c,f], tiles of pixels × channels in locals. */
export function conv2dInputGradCode(k: KernelContext): string {
  const [g, w] = [k.ins[0]!, k.ins[1]!];
  const d = convDims(k.outShape, k.inShapes[1]!, k.attrs);
  const pixel = d.strides[1] * d.C; // from one output pixel's input pixel to the next's
  /** tj pixels from column j × tc channels from `c`: Σ over the filters, added into dx. */
  const tile = (tj: number) => (c: string, tc: number) => {
    const gs = range(tj).map((t) => `const g${t} = ${g}[${offset("go + f", t * d.F)}]!;`);
    const ws = range(tc).map((u) => `const w${u} = ${w}[${offset(c === "0" ? "ko + f" : `ko + ${times(c, d.F)} + f`, u * d.F)}]!;`);
    const fmas = range(tj).flatMap((t) => range(tc).map((u) => `s${t}_${u} += g${t} * w${u};`));
    const adds = range(tj).flatMap((t) => range(tc).map((u) => `${k.out}[${offset(c === "0" ? "xo" : `xo + ${c}`, t * pixel + u)}]! += s${t}_${u};`));
    return `${sums(tj, tc)}
for (let f = 0; f < ${d.F}; f++) {
${[...gs, ...ws, ...fmas].join("\n")}
}
${adds.join("\n")}`;
  };
  const tj = TILE.pixels;
  const pixels = (size: number) => `${pixelOffsets(d)}\n${tiled("c", d.C, TILE.channels, tile(size))}`;
  const body = `for (let b = 0; b < ${k.dim(d.N)}; b++) {
for (let i = i0; i < i1; i++) {
let j = j0;
for (; j + ${tj - 1} < j1; j += ${tj}) {
${pixels(tj)}
}
for (; j < j1; j++) {
${pixels(1)}
}
}
}`;
  return `// dx[b,h,w,c] = Σ g[b,i,j,f]·k[p,q,c,f] over the taps reading (h, w), ${taps(d)}: per tap, over the output pixels whose tap lies inside x, tiles of ${tj} pixels × ${Math.min(TILE.channels, d.C)} channels in locals added into dx
${zero(k.out, k.size(k.outShape))}
${perTap(d, body)}`;
}
