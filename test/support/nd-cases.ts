// N-D cases shared by the finite-difference check and the TF.js oracle: every transpose of a
// rank-3 shape and batched ones, and dot_general in each of its roles (matmul with each transpose,
// a dense layer on [n,T,d], attention's per-head products, batch axes, several contracting axes,
// an outer product, a full contraction, the batch dimension contracted).
import type { Attrs, Shape } from "../../compiler/ir/graph.ts";

const PERMS_3 = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

export const TRANSPOSES: [Shape, number[]][] = [
  [[3, 4], [1, 0]],
  [[5], [0]],
  ...PERMS_3.map((perm): [Shape, number[]] => [[2, 3, 4], perm]),
  [[2, 3, 4, 5], [3, 1, 0, 2]],
  [["n", 3, 4], [0, 2, 1]],
  [["n", 2, 3, 4], [0, 2, 1, 3]],
  [["n", 2, 3, 4], [0, 3, 1, 2]],
];

const dg = (lb: number[], rb: number[], lc: number[], rc: number[]): Attrs => ({ lb, rb, lc, rc });

export const DOT_GENERALS: [string, Shape[], Attrs][] = [
  ["A·B", [[3, 4], [4, 5]], dg([], [], [1], [0])],
  ["A·Bᵀ", [[3, 4], [5, 4]], dg([], [], [1], [1])],
  ["Aᵀ·B", [[4, 3], [4, 5]], dg([], [], [0], [0])],
  ["Aᵀ·Bᵀ", [[4, 3], [5, 4]], dg([], [], [0], [1])],
  ["dense on [n,T,d]", [["n", 3, 4], [4, 5]], dg([], [], [2], [0])],
  ["attention scores q·kᵀ per head", [["n", 3, 2, 4], ["n", 3, 2, 4]], dg([0, 2], [0, 2], [3], [3])],
  ["attention p·v per head", [["n", 2, 3, 3], ["n", 3, 2, 4]], dg([0, 1], [0, 2], [3], [1])],
  ["query projection [n,T,d]·[d,H,k]", [["n", 3, 4], [4, 2, 3]], dg([], [], [2], [0])],
  ["output projection [n,T,H,k]·[H,k,d]", [["n", 3, 2, 3], [2, 3, 4]], dg([], [], [2, 3], [0, 1])],
  ["batch axis, unbatched", [[2, 3, 4], [2, 4, 5]], dg([0], [0], [2], [1])],
  ["batch axes out of order", [[3, 2, 4], [4, 2, 3]], dg([1, 2], [1, 0], [0], [2])],
  ["two contracting axes, crossed", [[3, 4, 5], [5, 4, 2]], dg([], [], [1, 2], [1, 0])],
  ["outer product", [[3, 2], [4]], dg([], [], [], [])],
  ["full contraction", [[3, 4], [3, 4]], dg([], [], [0, 1], [0, 1])],
  ["n contracted", [["n", 3, 4], ["n", 3, 5]], dg([], [], [0, 1], [0, 1])],
  ["contracting pairs out of order, one matrix product", [["n", 4, 3], [4, 3, 5]], dg([], [], [2, 1], [1, 0])],
  ["per head, read through a folded transpose", [["n", 3, 2, 4], ["n", 2, 3, 5]], dg([0, 2], [0, 1], [1], [2])],
];

/** One convolution of the conv2d family's cases: an image x, a kernel [kh,kw,C,F], the geometry, the batch it runs at. */
export interface ConvCase {
  label: string;
  x: Shape;
  k: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  /** [top, bottom, left, right] */
  pads: [number, number, number, number];
  batch: number;
}

/**
 * Strides 1 and 2 (and 3), dilations 1 and 2, no padding and asymmetric padding (one pad wider
 * than the kernel's reach into x), odd sizes, C and F of 1 and 3, batch 1 and 3, windows that
 * leave trailing rows of x unread, a 1×1 kernel, and an image with a constant leading dimension
 * (not the batch n: every element of x is then a parameter of its own in the gradient checks).
 */
export const CONVS: ConvCase[] = [
  { label: "3×3, C 1, F 1, batch 1", x: ["n", 5, 5, 1], k: [3, 3, 1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], batch: 1 },
  { label: "stride 2, asymmetric pads, C 3, F 1, batch 3", x: ["n", 7, 5, 3], k: [3, 2, 3, 1], strides: [2, 2], dilations: [1, 1], pads: [0, 1, 1, 0], batch: 3 },
  { label: "dilation 2, asymmetric pads, C 1, F 3, batch 3", x: ["n", 7, 7, 1], k: [2, 3, 1, 3], strides: [1, 1], dilations: [2, 2], pads: [1, 0, 2, 1], batch: 3 },
  { label: "strides [2,1], dilations [1,2], C 3, F 3, batch 1", x: ["n", 5, 7, 3], k: [3, 3, 3, 3], strides: [2, 1], dilations: [1, 2], pads: [0, 0, 0, 0], batch: 1 },
  { label: "stride 2 and dilation 2, asymmetric pads, C 3, F 3, batch 3", x: ["n", 9, 7, 3], k: [3, 2, 3, 3], strides: [2, 2], dilations: [2, 2], pads: [2, 1, 0, 1], batch: 3 },
  { label: "strides [1,2], dilations [2,1], pads 1, C 1, F 3, batch 1", x: ["n", 5, 6, 1], k: [2, 2, 1, 3], strides: [1, 2], dilations: [2, 1], pads: [1, 1, 1, 1], batch: 1 },
  { label: "pads wider than the kernel's reach, C 3, F 1, batch 3", x: ["n", 3, 3, 3], k: [3, 3, 3, 1], strides: [1, 1], dilations: [1, 1], pads: [1, 2, 0, 3], batch: 3 },
  { label: "1×1 kernel, strides [3,2], rows unread, C 3, F 3, batch 3", x: ["n", 7, 5, 3], k: [1, 1, 3, 3], strides: [3, 2], dilations: [1, 1], pads: [0, 0, 0, 0], batch: 3 },
  { label: "a constant leading dimension 2, C 3, F 2", x: [2, 5, 4, 3], k: [2, 3, 3, 2], strides: [2, 1], dilations: [1, 2], pads: [1, 0, 0, 1], batch: 1 },
  // Register tiles (kernels/conv.ts: 4 pixels, filters, channels): full tiles and every remainder.
  // 9 interior columns (two tiles of 4 pixels and one), F 6 and C 5 (a tile of 4 and the rest).
  { label: "same pads, 9 interior columns, C 5, F 6, batch 2", x: ["n", 4, 11, 5], k: [3, 3, 5, 6], strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], batch: 2 },
  // strided and dilated tiles: C 1 and F 9 (two tiles and one filter), columns read with stride 2
  { label: "strides [1,2], dilations 2, C 1, F 9, batch 2", x: ["n", 6, 17, 1], k: [2, 3, 1, 9], strides: [1, 2], dilations: [2, 2], pads: [0, 1, 2, 1], batch: 2 },
  // F 1 with 8 channels (two full channel tiles) and 6 interior columns of a valid 1×2 kernel
  { label: "valid 1×2, C 8, F 1, batch 1", x: ["n", 2, 7, 8], k: [1, 2, 8, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], batch: 1 },
];

/**
 * The two convolution families a case runs: conv2d (k [kh,kw,C,F], output channels F) and
 * depthwise_conv2d (k [kh,kw,C,M], output channels C·M); each has an _input_grad and a _kernel_grad.
 */
export type ConvFamily = "conv2d" | "depthwise_conv2d";

/** The family's output shape for a case (floor((H + top + bottom − dh·(kh − 1) − 1) / sh) + 1 per axis). */
export function convOutShape(c: ConvCase, family: ConvFamily = "conv2d"): Shape {
  const size = (n: number, before: number, after: number, kernel: number, d: number, s: number) => Math.floor((n + before + after - d * (kernel - 1) - 1) / s) + 1;
  const [, H, W] = c.x as [unknown, number, number];
  return [c.x[0]!, size(H, c.pads[0], c.pads[1], c.k[0], c.dilations[0], c.strides[0]), size(W, c.pads[2], c.pads[3], c.k[1], c.dilations[1], c.strides[1]), family === "conv2d" ? c.k[3] : c.k[2] * c.k[3]];
}

/** The three ops of a family on a case: conv2d(x, k), conv2d_input_grad(g, k), conv2d_kernel_grad(x, g) (or the depthwise ones), g shaped like y. */
export function convOps<F extends ConvFamily = "conv2d">(c: ConvCase, family: F = "conv2d" as F): { op: F | `${F}_input_grad` | `${F}_kernel_grad`; shapes: Shape[]; attrs: Attrs }[] {
  const geometry = { strides: c.strides, dilations: c.dilations, pads: c.pads };
  const y = convOutShape(c, family);
  return [
    { op: family, shapes: [c.x, c.k], attrs: geometry },
    { op: `${family}_input_grad`, shapes: [y, c.k], attrs: { ...geometry, inputShape: c.x.slice(1) as number[] } },
    { op: `${family}_kernel_grad`, shapes: [c.x, y], attrs: { ...geometry, kernelShape: c.k } },
  ];
}

/** One pooling case: an image x, a window, strides, padding as TensorFlow names it or explicit pads, the batch it runs at. */
export interface PoolCase {
  label: string;
  x: Shape;
  window: [number, number];
  strides: [number, number];
  /** "valid", "same" (TensorFlow's pads, poolPads) or explicit [top, bottom, left, right]. */
  padding: "valid" | "same" | [number, number, number, number];
  batch: number;
}

/**
 * Non-overlapping and overlapping windows, TensorFlow's "same" padding with one pad more at the
 * bottom and right (and on both sides), explicit asymmetric pads, odd sizes, C of 1, 2 and 3, batch
 * 1 and 3, rows left unread, a window over the whole image, and an image with a constant leading
 * dimension (every element of x then a parameter of its own in the gradient checks).
 */
export const POOLS: PoolCase[] = [
  { label: "2×2 stride 2, valid, C 1, batch 1", x: ["n", 4, 4, 1], window: [2, 2], strides: [2, 2], padding: "valid", batch: 1 },
  { label: "2×2 stride 2, same on 5×5 (pads 0,1,0,1), C 3, batch 3", x: ["n", 5, 5, 3], window: [2, 2], strides: [2, 2], padding: "same", batch: 3 },
  { label: "3×3 stride 2, same on 7×6 (pads 1,1,0,1), C 2, batch 3", x: ["n", 7, 6, 2], window: [3, 3], strides: [2, 2], padding: "same", batch: 3 },
  { label: "3×3 stride 1, same (pads 1,1,1,1), C 1, batch 3", x: ["n", 5, 4, 1], window: [3, 3], strides: [1, 1], padding: "same", batch: 3 },
  { label: "overlapping 3×2, strides [2,1], valid, rows unread, C 3, batch 1", x: ["n", 8, 5, 3], window: [3, 2], strides: [2, 1], padding: "valid", batch: 1 },
  { label: "3×2, strides [1,2], explicit pads 2,1,1,0, C 2, batch 3", x: ["n", 5, 5, 2], window: [3, 2], strides: [1, 2], padding: [2, 1, 1, 0], batch: 3 },
  { label: "a window over the whole 3×4 image, C 2, batch 3", x: ["n", 3, 4, 2], window: [3, 4], strides: [1, 1], padding: "valid", batch: 3 },
  { label: "a constant leading dimension 2, 2×3, strides [2,1], explicit pads 1,0,1,1, C 3", x: [2, 5, 4, 3], window: [2, 3], strides: [2, 1], padding: [1, 0, 1, 1], batch: 1 },
];

/** TensorFlow's pads for "same" along one axis: total = max((ceil(in/s) − 1)·s + window − in, 0), the smaller half before. */
function samePads(input: number, window: number, stride: number): [number, number] {
  const total = Math.max((Math.ceil(input / stride) - 1) * stride + window - input, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** The explicit pads [top, bottom, left, right] of a case. */
export function poolPads(c: PoolCase): [number, number, number, number] {
  if (Array.isArray(c.padding)) return c.padding;
  if (c.padding === "valid") return [0, 0, 0, 0];
  const [, H, W] = c.x as [unknown, number, number];
  return [...samePads(H, c.window[0], c.strides[0]), ...samePads(W, c.window[1], c.strides[1])];
}

/** The pooling's output shape for a case (floor((H + top + bottom − ph) / sh) + 1 per axis). */
export function poolOutShape(c: PoolCase): Shape {
  const pads = poolPads(c);
  const size = (n: number, before: number, after: number, window: number, s: number) => Math.floor((n + before + after - window) / s) + 1;
  const [, H, W, C] = c.x as [unknown, number, number, number];
  return [c.x[0]!, size(H, pads[0], pads[1], c.window[0], c.strides[0]), size(W, pads[2], pads[3], c.window[1], c.strides[1]), C];
}

export type PoolOp = "max_pool2d" | "max_pool2d_grad" | "max_pool2d_gather" | "avg_pool2d" | "avg_pool2d_grad";

/** The five pooling ops on a case: max_pool2d(x), max_pool2d_grad(x, g), max_pool2d_gather(x, u), avg_pool2d(x), avg_pool2d_grad(g); g shaped like y, u like x. */
export function poolOps(c: PoolCase): { op: PoolOp; shapes: Shape[]; attrs: Attrs }[] {
  const geometry = { window: c.window, strides: c.strides, pads: poolPads(c) };
  const y = poolOutShape(c);
  return [
    { op: "max_pool2d", shapes: [c.x], attrs: geometry },
    { op: "max_pool2d_grad", shapes: [c.x, y], attrs: geometry },
    { op: "max_pool2d_gather", shapes: [c.x, c.x], attrs: geometry },
    { op: "avg_pool2d", shapes: [c.x], attrs: geometry },
    { op: "avg_pool2d_grad", shapes: [y], attrs: { ...geometry, inputShape: c.x.slice(1) as number[] } },
  ];
}
