import { ShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../ir/graph.ts";
import { defineOp, ints, free } from "./define.ts";
import { isBatched, requireBatchLeading, staticSize } from "./nd.ts";

/** The output of reshaping `x` to the per-sample shape `shape` (["n", ...shape] when x is batched). */
export function reshapeShape(x: Shape, shape: readonly number[]): Shape {
  requireBatchLeading(x, "reshape");
  const out: Shape = isBatched(x) ? ["n", ...shape] : shape;
  if (shape.some((d) => !(d >= 1))) throw new ShapeError(`cannot reshape ${formatShape(x)} to ${formatShape(out)}: dimensions must be ≥ 1`);
  if (staticSize(x) !== staticSize(out)) {
    throw new ShapeError(`cannot reshape ${formatShape(x)} to ${formatShape(out)}: ${staticSize(x)} ≠ ${staticSize(out)} elements per sample`);
  }
  return out;
}

/** The per-sample part of a shape: what reshape's `shape` attribute gives. */
export const perSample = (shape: Shape): number[] => (isBatched(shape) ? shape.slice(1) : shape) as number[];

/** y = x with another shape (the same elements in the same row-major order);  ∂L/∂x = ∂L/∂y reshaped back */
export const reshape = defineOp({
  name: "reshape",
  fusion: "movement",
  cost: free,
  arity: 1,
  attrs: [],
  lists: ["shape"],
  operands: ["any"],
  result: ([t]) => t,
  doc: "{out} = {0} reshaped",
  rules: ["∂L/∂{0} = ∂L/∂{out} reshaped back"],
  shape: ([x], attrs) => reshapeShape(x, ints(attrs, "shape")),
  vjp: ({ b, dy, x: [x] }) => b.apply("reshape", [dy], { shape: perSample(x.shape) }),
});
