// 2-D pooling, channels last (NHWC, as TensorFlow): max_pool2d and avg_pool2d over windows
// [ph, pw] stepping by strides [sh, sw] over an image padded by pads [top, bottom, left, right]
// (explicit: "same" padding is the layer's to compute). Padding positions take no part: a max is over
// the window's positions inside the input, an average divides by their count (TensorFlow's "same"
// pools). Invariant: every pad is smaller than the window along its axis, so every window holds at
// least one position of the input.
//
// The derivatives. avg_pool2d is linear: its VJP avg_pool2d_grad spreads each ∂L/∂y over its window
// divided by the count, and that op's VJP is avg_pool2d again. max_pool2d's VJP max_pool2d_grad(x, g)
// routes each g to the first position of its window holding the maximum (row-major; ties go to the
// first, as TensorFlow's CPU kernel), accumulating where windows overlap. It is linear in g, and its
// adjoint in g is max_pool2d_gather(x, u): u read at each window's argmax of x, whose adjoint in u is
// max_pool2d_grad again. Both are piecewise constant in x (the argmax changes only at ties): ∂/∂x = 0
// almost everywhere.
import { ShapeError } from "../errors.ts";
import { formatShape, type Attrs, type Dim, type Shape } from "../ir/graph.ts";
import { requireImage } from "./conv.ts";
import { ARITH, DIVIDE, defineOp, ints } from "./define.ts";
import { formatAxes, staticSize } from "./nd.ts";

/** The sizes of one pooling: input [N,H,W,C], window [PH,PW], output [N,OH,OW,C]. */
export interface PoolDims {
  readonly window: readonly [number, number];
  readonly strides: readonly [number, number];
  /** [top, bottom, left, right] */
  readonly pads: readonly [number, number, number, number];
  readonly N: Dim;
  readonly H: number;
  readonly W: number;
  readonly C: number;
  readonly OH: number;
  readonly OW: number;
}

const positiveInts = (v: readonly number[]) => v.every((x) => Number.isInteger(x) && x >= 1);

/** The output size along one axis, refusing a window wider than the padded input or a pad as wide as the window. */
function outSize(input: number, before: number, after: number, window: number, stride: number, axis: string): number {
  const padded = input + before + after;
  const size = Math.floor((padded - window) / stride) + 1;
  if (size < 1) {
    throw new ShapeError(`the window's ${axis} ${window} exceeds the padded input's ${padded} (${input} + pads ${before}, ${after}): output ${axis} ${size} < 1`);
  }
  if (before >= window || after >= window) {
    throw new ShapeError(`the pads ${before}, ${after} along the ${axis} must each be below the window's ${axis} ${window}: a wider pad leaves windows wholly in the padding`);
  }
  return size;
}

/** Every size of a pooling of the image `x` [N,H,W,C] with attributes window, strides, pads, checked. */
export function poolDims(x: Shape, attrs: Attrs): PoolDims {
  const [window, strides, pads] = [ints(attrs, "window"), ints(attrs, "strides"), ints(attrs, "pads")];
  if (window.length !== 2 || !positiveInts(window)) throw new ShapeError(`window ${formatAxes(window)} must be two integers ≥ 1 [ph, pw]`);
  if (strides.length !== 2 || !positiveInts(strides)) throw new ShapeError(`strides ${formatAxes(strides)} must be two integers ≥ 1 [sh, sw]`);
  if (pads.length !== 4 || !pads.every((p) => Number.isInteger(p) && p >= 0)) {
    throw new ShapeError(`pads ${formatAxes(pads)} must be four integers ≥ 0 [top, bottom, left, right]`);
  }
  requireImage(x, "the input");
  const [N, H, W, C] = x as [Dim, number, number, number];
  const OH = outSize(H, pads[0]!, pads[1]!, window[0]!, strides[0]!, "height");
  const OW = outSize(W, pads[2]!, pads[3]!, window[1]!, strides[1]!, "width");
  return {
    window: [window[0]!, window[1]!],
    strides: [strides[0]!, strides[1]!],
    pads: [pads[0]!, pads[1]!, pads[2]!, pads[3]!],
    N, H, W, C, OH, OW,
  };
}

/** A value shaped like the pooling's output (`what` names it in the error). */
function requireOutput(g: Shape, d: PoolDims, what: string): void {
  const want: Shape = [d.N, d.OH, d.OW, d.C];
  if (g.length !== 4 || g.some((v, i) => v !== want[i])) throw new ShapeError(`${what} ${formatShape(g)} is not the pooling's output ${formatShape(want)}`);
}

/** A value shaped like the pooling's input x. */
function requireInput(u: Shape, x: Shape, what: string): void {
  if (u.length !== x.length || u.some((v, i) => v !== x[i])) throw new ShapeError(`${what} ${formatShape(u)} is not shaped like the input ${formatShape(x)}`);
}

/** `k` operations per position of every window (per sample): ph·pw·k per output element. */
const windowCost = (d: PoolDims, k: number): number => k * staticSize([d.OH, d.OW, d.C]) * d.window[0] * d.window[1];

const GEOMETRY = ["window", "strides", "pads"] as const;

/** The geometry attributes of a pooling op's attrs, for the ops its VJP builds. */
const geometryOf = (attrs: Attrs): Attrs => ({ window: ints(attrs, "window"), strides: ints(attrs, "strides"), pads: ints(attrs, "pads") });

/** The dimensions of avg_pool2d_grad(g): the image shape is its attribute inputShape [H,W,C]. */
export function avgGradDims(g: Shape, attrs: Attrs): PoolDims {
  const inputShape = ints(attrs, "inputShape");
  if (inputShape.length !== 3) throw new ShapeError(`inputShape ${formatAxes(inputShape)} must be [height, width, channels]`);
  if (g.length !== 4) throw new ShapeError(`∂L/∂y must be [n, out height, out width, channels], got ${formatShape(g)}`);
  const d = poolDims([g[0]!, ...inputShape], attrs);
  requireOutput(g, d, "∂L/∂y");
  return d;
}

/** y[b,i,j,c] = max of x[b,h,w,c] over the window's positions inside x;  ∂L/∂x = max_pool2d_grad(x, ∂L/∂y) */
export const max_pool2d = defineOp({
  name: "max_pool2d",
  fusion: "opaque",
  cost: ([x], _out, attrs) => windowCost(poolDims(x!, attrs), ARITH),
  arity: 1,
  attrs: [],
  lists: [...GEOMETRY],
  doc: "{out}[b,i,j,c] = max {0}[b, i·sh + p − top, j·sw + q − left, c] over the window's positions inside {0}",
  rules: ["∂L/∂{0}[b,h,w,c] = Σ ∂L/∂{out}[b,i,j,c] over the windows (i,j) whose first maximum is at (h,w)"],
  shape: ([x], attrs) => {
    const d = poolDims(x!, attrs);
    return [d.N, d.OH, d.OW, d.C];
  },
  vjp: ({ b, dy, x: [x], attrs }) => b.apply("max_pool2d_grad", [x!, dy], geometryOf(attrs)),
});

/**
 * dx[b,h,w,c] = Σ g[b,i,j,c] over the windows (i,j) whose first maximum of x is at (h,w) (max_pool2d's
 * ∂L/∂x for g = ∂L/∂y); ∂L/∂x = 0 almost everywhere (the argmax moves only at ties),
 * ∂L/∂g = max_pool2d_gather(x, ∂L/∂dx)
 */
export const max_pool2d_grad = defineOp({
  name: "max_pool2d_grad",
  fusion: "opaque",
  cost: ([x], _out, attrs) => windowCost(poolDims(x!, attrs), ARITH) + staticSize(x!),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY],
  doc: "{out}[b,h,w,c] = Σ {1}[b,i,j,c] over the windows (i,j) whose first maximum of {0} is at (h,w)",
  rules: [null, "∂L/∂{1}[b,i,j,c] = ∂L/∂{out} at the first maximum of {0}'s window (i,j) (max_pool2d_gather)"],
  shape: ([x, g], attrs) => {
    requireOutput(g!, poolDims(x!, attrs), "∂L/∂y");
    return x!;
  },
  vjp: ({ b, dy, x: [x], attrs }, i) => (i === 0 ? null : b.apply("max_pool2d_gather", [x!, dy], geometryOf(attrs))),
});

/**
 * y[b,i,j,c] = u[b,h,w,c] at the first maximum (h,w) of x's window (i,j) (max_pool2d_grad's adjoint
 * in g); ∂L/∂x = 0 almost everywhere, ∂L/∂u = max_pool2d_grad(x, ∂L/∂y)
 */
export const max_pool2d_gather = defineOp({
  name: "max_pool2d_gather",
  fusion: "opaque",
  cost: ([x], _out, attrs) => windowCost(poolDims(x!, attrs), ARITH),
  arity: 2,
  attrs: [],
  lists: [...GEOMETRY],
  doc: "{out}[b,i,j,c] = {1}[b,h,w,c] at the first maximum (h,w) of {0}'s window (i,j)",
  rules: [null, "∂L/∂{1}[b,h,w,c] = Σ ∂L/∂{out}[b,i,j,c] over the windows (i,j) whose first maximum of {0} is at (h,w) (max_pool2d_grad)"],
  shape: ([x, u], attrs) => {
    const d = poolDims(x!, attrs);
    requireInput(u!, x!, "the gathered value");
    return [d.N, d.OH, d.OW, d.C];
  },
  vjp: ({ b, dy, x: [x], attrs }, i) => (i === 0 ? null : b.apply("max_pool2d_grad", [x!, dy], geometryOf(attrs))),
});

/**
 * y[b,i,j,c] = the mean of x[b,h,w,c] over the window's positions inside x (padding not counted);
 * ∂L/∂x = avg_pool2d_grad(∂L/∂y)
 */
export const avg_pool2d = defineOp({
  name: "avg_pool2d",
  fusion: "opaque",
  cost: ([x], _out, attrs) => {
    const d = poolDims(x!, attrs);
    return windowCost(d, ARITH) + DIVIDE * staticSize([d.OH, d.OW, d.C]);
  },
  arity: 1,
  attrs: [],
  lists: [...GEOMETRY],
  doc: "{out}[b,i,j,c] = the mean of {0}[b, i·sh + p − top, j·sw + q − left, c] over the window's positions inside {0}",
  rules: ["∂L/∂{0}[b,h,w,c] = Σ ∂L/∂{out}[b,i,j,c] / count(i,j) over the windows (i,j) holding (h,w)"],
  shape: ([x], attrs) => {
    const d = poolDims(x!, attrs);
    return [d.N, d.OH, d.OW, d.C];
  },
  vjp: ({ b, dy, x: [x], attrs }) => b.apply("avg_pool2d_grad", [dy], { ...geometryOf(attrs), inputShape: x!.shape.slice(1) as number[] }),
});

/**
 * dx[b,h,w,c] = Σ g[b,i,j,c] / count(i,j) over the windows (i,j) holding (h,w), count the window's
 * positions inside x (avg_pool2d's ∂L/∂x for g = ∂L/∂y); linear, its adjoint is avg_pool2d:
 * ∂L/∂g = avg_pool2d(∂L/∂dx)
 */
export const avg_pool2d_grad = defineOp({
  name: "avg_pool2d_grad",
  fusion: "opaque",
  cost: ([g], _out, attrs) => {
    const d = avgGradDims(g!, attrs);
    return windowCost(d, ARITH) + DIVIDE * staticSize([d.OH, d.OW, d.C]);
  },
  arity: 1,
  attrs: [],
  lists: [...GEOMETRY, "inputShape"],
  doc: "{out}[b,h,w,c] = Σ {0}[b,i,j,c] / count(i,j) over the windows (i,j) holding (h,w)",
  rules: ["∂L/∂{0}[b,i,j,c] = the mean of ∂L/∂{out} over the window (i,j)'s positions inside the image (an avg_pool2d)"],
  shape: ([g], attrs) => {
    const d = avgGradDims(g!, attrs);
    return [d.N, d.H, d.W, d.C];
  },
  vjp: ({ b, dy, attrs }) => b.apply("avg_pool2d", [dy], geometryOf(attrs)),
});
