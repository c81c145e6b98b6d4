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
];

/** conv2d's output shape for a case (floor((H + top + bottom − dh·(kh − 1) − 1) / sh) + 1 per axis). */
export function convOutShape(c: ConvCase): Shape {
  const size = (n: number, before: number, after: number, kernel: number, d: number, s: number) => Math.floor((n + before + after - d * (kernel - 1) - 1) / s) + 1;
  const [, H, W] = c.x as [unknown, number, number];
  return [c.x[0]!, size(H, c.pads[0], c.pads[1], c.k[0], c.dilations[0], c.strides[0]), size(W, c.pads[2], c.pads[3], c.k[1], c.dilations[1], c.strides[1]), c.k[3]];
}

/** The three ops of the family on a case: conv2d(x, k), conv2d_input_grad(g, k), conv2d_kernel_grad(x, g), g shaped like y. */
export function convOps(c: ConvCase): { op: "conv2d" | "conv2d_input_grad" | "conv2d_kernel_grad"; shapes: Shape[]; attrs: Attrs }[] {
  const geometry = { strides: c.strides, dilations: c.dilations, pads: c.pads };
  const y = convOutShape(c);
  return [
    { op: "conv2d", shapes: [c.x, c.k], attrs: geometry },
    { op: "conv2d_input_grad", shapes: [y, c.k], attrs: { ...geometry, inputShape: c.x.slice(1) as number[] } },
    { op: "conv2d_kernel_grad", shapes: [c.x, y], attrs: { ...geometry, kernelShape: c.k } },
  ];
}
