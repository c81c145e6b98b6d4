import type { GraphBuilder } from "../ir/builder.ts";
import { shapesEqual, type Value } from "../ir/graph.ts";
import { defineOp, ARITH, copy, perElement } from "./define.ts";
import { broadcastAxes, requireBatchLeading } from "./nd.ts";
import { perSample } from "./reshape.ts";

/**
 * The shape rule of both broadcasts: the numpy broadcast of x's and like's shapes (right-aligned; a
 * 1 or a missing axis stretches), so x can also grow along axes where like has 1s.
 */
const broadcastShape = ([x, like]: readonly Value["shape"][]) => {
  requireBatchLeading(x, "broadcast");
  requireBatchLeading(like, "broadcast");
  const rank = Math.max(x.length, like.length);
  const joint = Array.from({ length: rank }, (_, i) => {
    const dx = x[x.length - rank + i] ?? 1;
    const dl = like[like.length - rank + i] ?? 1;
    return dl === 1 ? dx : dl;
  });
  broadcastAxes(x, joint);
  return joint;
};

/**
 * The adjoint of broadcasting x to `like`: `reduce` (reduce_sum, or reduce_mean for broadcast_mean)
 * of dy over the broadcast axes, reshaped to x's shape where the reduction dropped its 1s.
 */
export function unbroadcast(b: GraphBuilder, dy: Value, x: Value, reduce: "reduce_sum" | "reduce_mean"): Value {
  const axes = broadcastAxes(x.shape, dy.shape);
  if (axes.length === 0) return dy;
  const r = b.apply(reduce, [dy], { axes });
  return shapesEqual(r.shape, x.shape) ? r : b.apply("reshape", [r], { shape: perSample(x.shape) });
}

/** y = x repeated to the broadcast of its shape and like's (numpy broadcasting; like gives only a shape);  ∂L/∂x = Σ ∂L/∂y over the repeated axes */
export const broadcast = defineOp({
  name: "broadcast",
  fusion: "movement",
  cost: copy,
  repeats: true,
  arity: 2,
  attrs: [],
  operands: ["float", "any"],
  shapeOnly: [1],
  doc: "{out} = {0} broadcast to the shape of {1}",
  rules: ["∂L/∂{0} = Σ ∂L/∂{out} over the broadcast axes", null],
  shape: broadcastShape,
  vjp: ({ b, dy, x: [x] }, i) => (i === 0 ? unbroadcast(b, dy, x, "reduce_sum") : null),
});

/**
 * y = x repeated to like's shape, divided by the repeat count (the adjoint of reduce_mean; the count
 * includes the run-time batch when x lacks n);  ∂L/∂x = the mean of ∂L/∂y over the repeated axes
 */
export const broadcast_mean = defineOp({
  name: "broadcast_mean",
  fusion: "movement",
  cost: perElement(ARITH),
  arity: 2,
  attrs: [],
  operands: ["float", "any"],
  shapeOnly: [1],
  doc: "{out} = {0} broadcast to the shape of {1}, divided by the number of copies",
  rules: ["∂L/∂{0} = the mean of ∂L/∂{out} over the broadcast axes", null],
  shape: broadcastShape,
  vjp: ({ b, dy, x: [x] }, i) => (i === 0 ? unbroadcast(b, dy, x, "reduce_mean") : null),
});
