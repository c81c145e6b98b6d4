// The 2-D convolution family, channels last (NHWC, kernels [kh, kw, C, F], as TensorFlow): conv2d
// and the two products its derivative needs. All three are the same trilinear sum
//   T(x, k, g) = Σ x[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · k[p, q, c, f] · g[b, i, j, f]
// (terms whose x index falls in the zero padding dropped), each one the derivative of T with respect
// to one operand, so each op's VJP is another member of the family. Attributes are integer lists:
// strides [sh, sw], dilations [dh, dw], pads [top, bottom, left, right] (explicit: "same" padding is
// the layer's to compute). Invariant: the shape rules refuse a dilated kernel wider than the
// padded input (an output size below 1); a window lying wholly in the padding reads zeros.
import { ShapeError } from "../errors.ts";
import { formatShape, type Attrs, type Dim, type Shape } from "../ir/graph.ts";
import { defineOp, ints } from "./define.ts";
import { formatAxes, staticSize } from "./nd.ts";

/** The attributes of every op of the family, checked. */
export interface ConvGeometry {
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** [top, bottom, left, right] */
  readonly pads: readonly [number, number, number, number];
}

const positiveInts = (v: readonly number[]) => v.every((x) => Number.isInteger(x) && x >= 1);

export function convGeometry(attrs: Attrs): ConvGeometry {
  const [strides, dilations, pads] = [ints(attrs, "strides"), ints(attrs, "dilations"), ints(attrs, "pads")];
  if (strides.length !== 2 || !positiveInts(strides)) throw new ShapeError(`strides ${formatAxes(strides)} must be two integers ≥ 1 [sh, sw]`);
  if (dilations.length !== 2 || !positiveInts(dilations)) throw new ShapeError(`dilations ${formatAxes(dilations)} must be two integers ≥ 1 [dh, dw]`);
  if (pads.length !== 4 || !pads.every((p) => Number.isInteger(p) && p >= 0)) {
    throw new ShapeError(`pads ${formatAxes(pads)} must be four integers ≥ 0 [top, bottom, left, right]`);
  }
  return { strides: [strides[0]!, strides[1]!], dilations: [dilations[0]!, dilations[1]!], pads: [pads[0]!, pads[1]!, pads[2]!, pads[3]!] };
}

/** The sizes of one convolution: input [N,H,W,C], kernel [KH,KW,C,F], output [N,OH,OW,F]. */
export interface ConvDims extends ConvGeometry {
  readonly N: Dim;
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly KH: number;
  readonly KW: number;
  readonly F: number;
  readonly OH: number;
  readonly OW: number;
}

export const positiveDims = (s: Shape, from = 0) => s.slice(from).every((d) => typeof d === "number" && Number.isInteger(d) && d >= 1);

/** An image [N, H, W, C]: N the batch n or a constant, the rest constants. */
export function requireImage(s: Shape, what: string): void {
  if (s.length !== 4 || !positiveDims(s, 1) || (s[0] !== "n" && !positiveDims(s.slice(0, 1)))) {
    throw new ShapeError(`${what} must be an image [n, height, width, channels], got ${formatShape(s)}`);
  }
}

/** The output size along one axis, refusing a dilated kernel wider than the padded input. */
function outSize(input: number, before: number, after: number, kernel: number, dilation: number, stride: number, axis: string): number {
  const padded = input + before + after;
  const extent = dilation * (kernel - 1) + 1;
  const size = Math.floor((padded - extent) / stride) + 1;
  if (size < 1) {
    throw new ShapeError(`the kernel's ${axis} extent ${extent} (${kernel} taps, dilation ${dilation}) exceeds the padded input's ${padded} (${input} + pads ${before}, ${after}): output ${axis} ${size} < 1`);
  }
  return size;
}

/** Every size of the convolution of an image `x` [N,H,W,C] by a kernel `k` [KH,KW,C,F], checked. */
export function convDims(x: Shape, k: Shape, attrs: Attrs): ConvDims {
  const g = convGeometry(attrs);
  requireImage(x, "the input");
  if (k.length !== 4 || !positiveDims(k)) throw new ShapeError(`the kernel must be [kh, kw, in channels, filters] of constants, got ${formatShape(k)}`);
  const [N, H, W, C] = x as [Dim, number, number, number];
  const [KH, KW, KC, F] = k as [number, number, number, number];
  if (KC !== C) throw new ShapeError(`the kernel ${formatShape(k)} takes ${KC} channels, the input ${formatShape(x)} has ${C}`);
  const OH = outSize(H, g.pads[0], g.pads[1], KH, g.dilations[0], g.strides[0], "height");
  const OW = outSize(W, g.pads[2], g.pads[3], KW, g.dilations[1], g.strides[1], "width");
  return { ...g, N, H, W, C, KH, KW, F, OH, OW };
}

/** The shape of ∂L/∂y (the outputs' gradient) must be the convolution's output. */
function requireOutput(dy: Shape, d: ConvDims, what: string): void {
  const want: Shape = [d.N, d.OH, d.OW, d.F];
  if (dy.length !== 4 || dy.some((v, i) => v !== want[i])) {
    throw new ShapeError(`${what} ${formatShape(dy)} is not the convolution's output ${formatShape(want)}`);
  }
}

/** 2 multiply-adds per term of the sum: per output element of the forward convolution, kh·kw·C (per sample). */
const convCost = (d: ConvDims): number => 2 * staticSize([d.OH, d.OW, d.F]) * d.KH * d.KW * d.C;

export const GEOMETRY = ["strides", "dilations", "pads"] as const;

/** The geometry attributes of a family member's attrs, for the ops its VJP builds. */
export const geometryOf = (attrs: Attrs): Attrs => ({ strides: ints(attrs, "strides"), dilations: ints(attrs, "dilations"), pads: ints(attrs, "pads") });

export const imageShape = (attrs: Attrs, n: Dim): Shape => [n, ...ints(attrs, "inputShape")];

/** The dimensions of conv2d_input_grad(g, k): the image shape is its attribute inputShape [H,W,C]. */
function inputGradDims(g: Shape, k: Shape, attrs: Attrs): ConvDims {
  const inputShape = ints(attrs, "inputShape");
  if (inputShape.length !== 3) throw new ShapeError(`inputShape ${formatAxes(inputShape)} must be [height, width, channels]`);
  if (g.length !== 4) throw new ShapeError(`∂L/∂y must be [n, out height, out width, filters], got ${formatShape(g)}`);
  const d = convDims(imageShape(attrs, g[0]!), k, attrs);
  requireOutput(g, d, "∂L/∂y");
  return d;
}

/** The dimensions of conv2d_kernel_grad(x, g): the kernel shape is its attribute kernelShape [KH,KW,C,F]. */
function kernelGradDims(x: Shape, g: Shape, attrs: Attrs): ConvDims {
  const d = convDims(x, ints(attrs, "kernelShape"), attrs);
  requireOutput(g, d, "∂L/∂y");
  return d;
}

/**
 * y[b,i,j,f] = Σ_{p,q,c} x[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · k[p,q,c,f] (zero padding);
 * ∂L/∂x = conv2d_input_grad(∂L/∂y, k),  ∂L/∂k = conv2d_kernel_grad(x, ∂L/∂y)
 */
export const conv2d = defineOp({
  name: "conv2d",
  fusion: "contraction",
  epilogue: true,
  cost: ([x, k], _out, attrs) => convCost(convDims(x!, k!, attrs)),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY],
  doc: "{out}[b,i,j,f] = Σ_{p,q,c} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {1}[p,q,c,f]",
  rules: [
    "∂L/∂{0}[b,h,w,c] = Σ ∂L/∂{out}[b,i,j,f] · {1}[p,q,c,f] over the windows (i,j) whose tap (p,q) reads (h,w)",
    "∂L/∂{1}[p,q,c,f] = Σ_{b,i,j} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · ∂L/∂{out}[b,i,j,f]",
  ],
  shape: ([x, k], attrs) => {
    const d = convDims(x!, k!, attrs);
    return [d.N, d.OH, d.OW, d.F];
  },
  vjp: ({ b, dy, x: [x, k], attrs }, i) => {
    const geometry = geometryOf(attrs);
    if (i === 0) return b.apply("conv2d_input_grad", [dy, k!], { ...geometry, inputShape: x!.shape.slice(1) as number[] });
    return b.apply("conv2d_kernel_grad", [x!, dy], { ...geometry, kernelShape: k!.shape as number[] });
  },
});

/**
 * dx[b,h,w,c] = Σ g[b,i,j,f] · k[p,q,c,f] over (i,p), (j,q) with h = i·sh + p·dh − top, w = j·sw + q·dw − left
 * (conv2d's ∂L/∂x for g = ∂L/∂y: a transposed convolution);
 * ∂L/∂g = conv2d(∂L/∂dx, k),  ∂L/∂k = conv2d_kernel_grad(∂L/∂dx, g)
 */
export const conv2d_input_grad = defineOp({
  name: "conv2d_input_grad",
  fusion: "contraction",
  cost: ([g, k], _out, attrs) => convCost(inputGradDims(g!, k!, attrs)),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY, "inputShape"],
  doc: "{out}[b,h,w,c] = Σ {0}[b,i,j,f] · {1}[p,q,c,f] over the windows (i,j) whose tap (p,q) reads (h,w)",
  rules: [
    "∂L/∂{0}[b,i,j,f] = Σ_{p,q,c} ∂L/∂{out}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {1}[p,q,c,f] (a conv2d)",
    "∂L/∂{1}[p,q,c,f] = Σ_{b,i,j} ∂L/∂{out}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {0}[b,i,j,f]",
  ],
  shape: ([g, k], attrs) => {
    const d = inputGradDims(g!, k!, attrs);
    return [d.N, d.H, d.W, d.C];
  },
  vjp: ({ b, dy, x: [g, k], attrs }, i) => {
    const geometry = geometryOf(attrs);
    if (i === 0) return b.apply("conv2d", [dy, k!], geometry);
    return b.apply("conv2d_kernel_grad", [dy, g!], { ...geometry, kernelShape: k!.shape as number[] });
  },
});

/**
 * dk[p,q,c,f] = Σ_{b,i,j} x[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · g[b,i,j,f]
 * (conv2d's ∂L/∂k for g = ∂L/∂y, summed over the batch);
 * ∂L/∂x = conv2d_input_grad(g, ∂L/∂dk),  ∂L/∂g = conv2d(x, ∂L/∂dk)
 */
export const conv2d_kernel_grad = defineOp({
  name: "conv2d_kernel_grad",
  fusion: "contraction",
  cost: ([x, g], _out, attrs) => convCost(kernelGradDims(x!, g!, attrs)),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY, "kernelShape"],
  doc: "{out}[p,q,c,f] = Σ_{b,i,j} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {1}[b,i,j,f]",
  rules: [
    "∂L/∂{0}[b,h,w,c] = Σ {1}[b,i,j,f] · ∂L/∂{out}[p,q,c,f] over the windows (i,j) whose tap (p,q) reads (h,w)",
    "∂L/∂{1}[b,i,j,f] = Σ_{p,q,c} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · ∂L/∂{out}[p,q,c,f] (a conv2d)",
  ],
  shape: ([x, g], attrs) => {
    kernelGradDims(x!, g!, attrs);
    return ints(attrs, "kernelShape");
  },
  vjp: ({ b, dy, x: [x, g], attrs }, i) => {
    const geometry = geometryOf(attrs);
    if (i === 0) return b.apply("conv2d_input_grad", [g!, dy], { ...geometry, inputShape: x!.shape.slice(1) as number[] });
    return b.apply("conv2d", [x!, dy], geometry);
  },
});
