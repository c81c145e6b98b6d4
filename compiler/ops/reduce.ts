// Reductions over any axes (IR axes: 0 is the batch axis n of a batched value): sum, max, mean.
// The output drops the reduced axes (no keep-dims in the IR: lowering reshapes).
import { ShapeError } from "../errors.ts";
import type { GraphBuilder } from "../ir/builder.ts";
import { formatShape, shapesEqual, type Attrs, type Shape, type Value } from "../ir/graph.ts";
import { defineOp, ints, ARITH, perInput } from "./define.ts";
import { checkAxes, dropAxes, keepDims, requireBatchLeading } from "./nd.ts";
import { perSample } from "./reshape.ts";

function reduceShape([x]: readonly Shape[], attrs: Attrs): Shape {
  const axes = ints(attrs, "axes");
  requireBatchLeading(x, "reduce");
  if (axes.length === 0) throw new ShapeError(`axes [] reduce nothing in ${formatShape(x)}`);
  checkAxes(axes, x, "axes");
  return dropAxes(x, axes);
}

/**
 * v (shaped like the reduction's output) in a shape that broadcasts back over x: keep-dims, without
 * the leading reduced axes (a missing leading axis broadcasts as well as a 1).
 */
export function keptForBroadcast(b: GraphBuilder, v: Value, x: Shape, axes: readonly number[]): Value {
  let lead = 0;
  while (axes[lead] === lead) lead++;
  const keep = keepDims(x, axes).slice(lead);
  return shapesEqual(keep, v.shape) ? v : b.apply("reshape", [v], { shape: perSample(keep) });
}

/** y = Σ x over `axes`;  ∂L/∂x = ∂L/∂y broadcast back over the reduced axes */
export const reduce_sum = defineOp({
  name: "reduce_sum",
  fusion: "reduction",
  cost: perInput(ARITH),
  arity: 1,
  attrs: [],
  lists: ["axes"],
  doc: "{out} = Σ {0} over the reduced axes",
  rules: ["∂L/∂{0} = ∂L/∂{out} broadcast over the reduced axes"],
  shape: reduceShape,
  vjp: ({ b, dy, x: [x], attrs }) => b.apply("broadcast", [keptForBroadcast(b, dy, x.shape, ints(attrs, "axes")), x]),
});

/** y = the mean of x over `axes`;  ∂L/∂x = ∂L/∂y broadcast back, divided by the count (which may include the batch) */
export const reduce_mean = defineOp({
  name: "reduce_mean",
  fusion: "reduction",
  cost: perInput(ARITH),
  arity: 1,
  attrs: [],
  lists: ["axes"],
  doc: "{out} = the mean of {0} over the reduced axes",
  rules: ["∂L/∂{0} = ∂L/∂{out} broadcast over the reduced axes, divided by their count"],
  shape: reduceShape,
  vjp: ({ b, dy, x: [x], attrs }) => b.apply("broadcast_mean", [keptForBroadcast(b, dy, x.shape, ints(attrs, "axes")), x]),
});

/**
 * y = max x over `axes`;  ∂L/∂x = [x = y] / #ties · ∂L/∂y, split equally among tied maxima (as
 * TensorFlow's max gradient)
 */
export const reduce_max = defineOp({
  name: "reduce_max",
  fusion: "reduction",
  cost: perInput(ARITH),
  arity: 1,
  attrs: [],
  lists: ["axes"],
  doc: "{out} = max {0} over the reduced axes",
  rules: ["∂L/∂{0} = [{0} = {out}] / #ties · ∂L/∂{out} (split equally among the tied maxima)"],
  shape: reduceShape,
  vjp: ({ b, dy, x: [x], out, attrs }) => {
    const axes = ints(attrs, "axes");
    const back = (v: Value) => b.apply("broadcast", [keptForBroadcast(b, v, x.shape, axes), x]);
    const ties = b.apply("eq_mask", [x, back(out)]);
    const share = b.apply("div", [dy, b.apply("reduce_sum", [ties], { axes })]);
    return b.mul(ties, back(share));
  },
});
