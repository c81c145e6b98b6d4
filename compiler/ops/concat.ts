import { ShapeError } from "../errors.ts";
import { formatShape, type Attrs, type Shape } from "../ir/graph.ts";
import { defineOp, num, copy } from "./define.ts";
import { requireBatchLeading } from "./nd.ts";

function concatShape(xs: readonly Shape[], attrs: Attrs): Shape {
  const axis = num(attrs, "axis");
  const [first] = xs;
  xs.forEach((x) => requireBatchLeading(x, "concat"));
  if (!Number.isInteger(axis) || axis < 0 || axis >= first.length) throw new ShapeError(`axis ${axis} is out of range for ${formatShape(first)}`);
  if (first[axis] === "n") throw new ShapeError(`axis ${axis} of ${formatShape(first)} is the batch axis: concat joins along another`);
  let total = 0;
  for (const x of xs) {
    if (x.length !== first.length || x.some((d, a) => a !== axis && d !== first[a])) {
      throw new ShapeError(`cannot concat ${formatShape(first)} and ${formatShape(x)} along axis ${axis}: the other axes differ`);
    }
    total += x[axis] as number;
  }
  return first.map((d, a) => (a === axis ? total : d));
}

/** y = the inputs joined along `axis`;  ∂L/∂xᵢ = the slice of ∂L/∂y where xᵢ lies */
export const concat = defineOp({
  name: "concat",
  fusion: "movement",
  cost: copy,
  arity: "variadic",
  attrs: ["axis"],
  operands: ["any"],
  result: (types) => {
    if (types.some((t) => t !== types[0])) throw new ShapeError("concat cannot join i32 values with floats");
    return types[0];
  },
  doc: "{out} = the inputs joined along axis",
  rules: ["∂L/∂{i} = the slice of ∂L/∂{out} where {i} lies"],
  shape: concatShape,
  vjp: ({ b, dy, x, attrs }, i) => {
    const axis = num(attrs, "axis");
    const start = x.slice(0, i).reduce((acc, v) => acc + (v.shape[axis] as number), 0);
    const begin = dy.shape.map((_, a) => (a === axis ? start : 0));
    const size = x[i]!.shape.map((d) => (d === "n" ? -1 : d));
    return b.apply("slice", [dy], { begin, size });
  },
});
