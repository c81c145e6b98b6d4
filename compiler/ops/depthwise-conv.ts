// The depthwise 2-D convolution family, channels last (NHWC, kernels [kh, kw, C, M], as TensorFlow):
// each input channel c convolved alone with its M kernels, output channel c·M + m. Like conv2d's
// family (conv.ts), all three ops are the same trilinear sum
//   T(x, k, g) = Σ x[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · k[p, q, c, m] · g[b, i, j, c·M + m]
// (terms whose x index falls in the zero padding dropped), each one the derivative of T with respect
// to one operand, so each op's VJP is another member. Attributes as conv2d's: strides [sh, sw],
// dilations [dh, dw], pads [top, bottom, left, right]; the same sizes and the same refusals.
import { ShapeError } from "../errors.ts";
import { formatShape, type Attrs, type Shape } from "../ir/graph.ts";
import { convDims, GEOMETRY, geometryOf, imageShape, positiveDims, type ConvDims } from "./conv.ts";
import { defineOp, ints } from "./define.ts";
import { formatAxes, staticSize } from "./nd.ts";

/** The sizes of one depthwise convolution: conv2d's with F = M, the depth multiplier; output channels C·M. */
export type DepthwiseDims = ConvDims;

/** Every size of the depthwise convolution of an image `x` [N,H,W,C] by a kernel `k` [KH,KW,C,M], checked. */
export function depthwiseDims(x: Shape, k: Shape, attrs: Attrs): DepthwiseDims {
  if (k.length !== 4 || !positiveDims(k)) throw new ShapeError(`the depthwise kernel must be [kh, kw, in channels, depth multiplier] of constants, got ${formatShape(k)}`);
  return convDims(x, k, attrs);
}

/** The output's shape [N, OH, OW, C·M]. */
const outputShape = (d: DepthwiseDims): Shape => [d.N, d.OH, d.OW, d.C * d.F];

/** The shape of ∂L/∂y (the outputs' gradient) must be the depthwise convolution's output. */
function requireOutput(dy: Shape, d: DepthwiseDims, what: string): void {
  const want = outputShape(d);
  if (dy.length !== 4 || dy.some((v, i) => v !== want[i])) {
    throw new ShapeError(`${what} ${formatShape(dy)} is not the depthwise convolution's output ${formatShape(want)}`);
  }
}

/** 2 multiply-adds per term of the sum: per output element, kh·kw (per sample). */
const depthwiseCost = (d: DepthwiseDims): number => 2 * staticSize([d.OH, d.OW, d.C * d.F]) * d.KH * d.KW;

/** The dimensions of depthwise_conv2d_input_grad(g, k): the image shape is its attribute inputShape [H,W,C]. */
function inputGradDims(g: Shape, k: Shape, attrs: Attrs): DepthwiseDims {
  const inputShape = ints(attrs, "inputShape");
  if (inputShape.length !== 3) throw new ShapeError(`inputShape ${formatAxes(inputShape)} must be [height, width, channels]`);
  if (g.length !== 4) throw new ShapeError(`∂L/∂y must be [n, out height, out width, channels · multiplier], got ${formatShape(g)}`);
  const d = depthwiseDims(imageShape(attrs, g[0]!), k, attrs);
  requireOutput(g, d, "∂L/∂y");
  return d;
}

/** The dimensions of depthwise_conv2d_kernel_grad(x, g): the kernel shape is its attribute kernelShape [KH,KW,C,M]. */
function kernelGradDims(x: Shape, g: Shape, attrs: Attrs): DepthwiseDims {
  const d = depthwiseDims(x, ints(attrs, "kernelShape"), attrs);
  requireOutput(g, d, "∂L/∂y");
  return d;
}

/**
 * y[b,i,j,c·M+m] = Σ_{p,q} x[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · k[p,q,c,m] (zero padding);
 * ∂L/∂x = depthwise_conv2d_input_grad(∂L/∂y, k),  ∂L/∂k = depthwise_conv2d_kernel_grad(x, ∂L/∂y)
 */
export const depthwise_conv2d = defineOp({
  name: "depthwise_conv2d",
  fusion: "contraction",
  cost: ([x, k], _out, attrs) => depthwiseCost(depthwiseDims(x!, k!, attrs)),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY],
  doc: "{out}[b,i,j,c·M+m] = Σ_{p,q} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {1}[p,q,c,m]",
  rules: [
    "∂L/∂{0}[b,h,w,c] = Σ_m Σ ∂L/∂{out}[b,i,j,c·M+m] · {1}[p,q,c,m] over the windows (i,j) whose tap (p,q) reads (h,w)",
    "∂L/∂{1}[p,q,c,m] = Σ_{b,i,j} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · ∂L/∂{out}[b,i,j,c·M+m]",
  ],
  shape: ([x, k], attrs) => outputShape(depthwiseDims(x!, k!, attrs)),
  vjp: ({ b, dy, x: [x, k], attrs }, i) => {
    const geometry = geometryOf(attrs);
    if (i === 0) return b.apply("depthwise_conv2d_input_grad", [dy, k!], { ...geometry, inputShape: x!.shape.slice(1) as number[] });
    return b.apply("depthwise_conv2d_kernel_grad", [x!, dy], { ...geometry, kernelShape: k!.shape as number[] });
  },
});

/**
 * dx[b,h,w,c] = Σ_m Σ g[b,i,j,c·M+m] · k[p,q,c,m] over (i,p), (j,q) with h = i·sh + p·dh − top, w = j·sw + q·dw − left
 * (depthwise_conv2d's ∂L/∂x for g = ∂L/∂y);
 * ∂L/∂g = depthwise_conv2d(∂L/∂dx, k),  ∂L/∂k = depthwise_conv2d_kernel_grad(∂L/∂dx, g)
 */
export const depthwise_conv2d_input_grad = defineOp({
  name: "depthwise_conv2d_input_grad",
  fusion: "contraction",
  cost: ([g, k], _out, attrs) => depthwiseCost(inputGradDims(g!, k!, attrs)),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY, "inputShape"],
  doc: "{out}[b,h,w,c] = Σ_m Σ {0}[b,i,j,c·M+m] · {1}[p,q,c,m] over the windows (i,j) whose tap (p,q) reads (h,w)",
  rules: [
    "∂L/∂{0}[b,i,j,c·M+m] = Σ_{p,q} ∂L/∂{out}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {1}[p,q,c,m] (a depthwise_conv2d)",
    "∂L/∂{1}[p,q,c,m] = Σ_{b,i,j} ∂L/∂{out}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {0}[b,i,j,c·M+m]",
  ],
  shape: ([g, k], attrs) => {
    const d = inputGradDims(g!, k!, attrs);
    return [d.N, d.H, d.W, d.C];
  },
  vjp: ({ b, dy, x: [g, k], attrs }, i) => {
    const geometry = geometryOf(attrs);
    if (i === 0) return b.apply("depthwise_conv2d", [dy, k!], geometry);
    return b.apply("depthwise_conv2d_kernel_grad", [dy, g!], { ...geometry, kernelShape: k!.shape as number[] });
  },
});

/**
 * dk[p,q,c,m] = Σ_{b,i,j} x[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · g[b,i,j,c·M+m]
 * (depthwise_conv2d's ∂L/∂k for g = ∂L/∂y, summed over the batch);
 * ∂L/∂x = depthwise_conv2d_input_grad(g, ∂L/∂dk),  ∂L/∂g = depthwise_conv2d(x, ∂L/∂dk)
 */
export const depthwise_conv2d_kernel_grad = defineOp({
  name: "depthwise_conv2d_kernel_grad",
  fusion: "contraction",
  cost: ([x, g], _out, attrs) => depthwiseCost(kernelGradDims(x!, g!, attrs)),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY, "kernelShape"],
  doc: "{out}[p,q,c,m] = Σ_{b,i,j} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · {1}[b,i,j,c·M+m]",
  rules: [
    "∂L/∂{0}[b,h,w,c] = Σ_m Σ {1}[b,i,j,c·M+m] · ∂L/∂{out}[p,q,c,m] over the windows (i,j) whose tap (p,q) reads (h,w)",
    "∂L/∂{1}[b,i,j,c·M+m] = Σ_{p,q} {0}[b, i·sh + p·dh − top, j·sw + q·dw − left, c] · ∂L/∂{out}[p,q,c,m] (a depthwise_conv2d)",
  ],
  shape: ([x, g], attrs) => {
    kernelGradDims(x!, g!, attrs);
    return ints(attrs, "kernelShape");
  },
  vjp: ({ b, dy, x: [x, g], attrs }, i) => {
    const geometry = geometryOf(attrs);
    if (i === 0) return b.apply("depthwise_conv2d_input_grad", [g!, dy], { ...geometry, inputShape: x!.shape.slice(1) as number[] });
    return b.apply("depthwise_conv2d", [x!, dy], geometry);
  },
});
