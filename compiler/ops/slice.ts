import { ShapeError } from "../errors.ts";
import { formatShape, type Attrs, type Shape } from "../ir/graph.ts";
import { defineOp, ints, copy } from "./define.ts";
import { formatAxes, isBatched, requireBatchLeading } from "./nd.ts";

/**
 * The sizes a slice takes, every -1 (to the end) resolved; a batched value's axis 0 must be
 * begin 0, size -1 (all of n).
 */
function sliceShape([x]: readonly Shape[], attrs: Attrs): Shape {
  const [begin, size] = [ints(attrs, "begin"), ints(attrs, "size")];
  requireBatchLeading(x, "slice");
  const what = `begin ${formatAxes(begin)}, size ${formatAxes(size)}`;
  if (begin.length !== x.length || size.length !== x.length) throw new ShapeError(`${what} need one entry per axis of ${formatShape(x)}`);
  return x.map((d, a) => {
    if (d === "n") {
      if (begin[a] !== 0 || size[a] !== -1) throw new ShapeError(`${what}: the batch axis of ${formatShape(x)} takes begin 0, size -1`);
      return d;
    }
    const to = size[a] === -1 ? d : begin[a]! + size[a]!;
    if (to <= begin[a]!) throw new ShapeError(`${what}: the slice of axis ${a} of ${formatShape(x)} is empty`);
    if (begin[a]! < 0 || to > d) throw new ShapeError(`${what}: elements ${begin[a]}..${to - 1} of axis ${a} are not within ${formatShape(x)}`);
    return to - begin[a]!;
  });
}

/** y = x[begin : begin + size] along every axis;  ∂L/∂x = ∂L/∂y zero-padded back to x's shape */
export const slice = defineOp({
  name: "slice",
  fusion: "movement",
  cost: copy,
  arity: 1,
  attrs: [],
  lists: ["begin", "size"],
  operands: ["any"],
  result: ([t]) => t,
  doc: "{out} = {0}[begin : begin + size]",
  rules: ["∂L/∂{0} = ∂L/∂{out} zero-padded back to the shape of {0}"],
  shape: sliceShape,
  vjp: ({ b, dy, x: [x], attrs }) => {
    const begin = ints(attrs, "begin");
    const after = x.shape.map((d, a) => (d === "n" ? 0 : d - begin[a]! - (dy.shape[a] as number)));
    return b.apply("pad", [dy], { before: begin, after });
  },
});

function padShape([x]: readonly Shape[], attrs: Attrs): Shape {
  const [before, after] = [ints(attrs, "before"), ints(attrs, "after")];
  requireBatchLeading(x, "pad");
  const what = `before ${formatAxes(before)}, after ${formatAxes(after)}`;
  if (before.length !== x.length || after.length !== x.length) throw new ShapeError(`${what} need one entry per axis of ${formatShape(x)}`);
  if ([...before, ...after].some((p) => p < 0)) throw new ShapeError(`${what}: padding of ${formatShape(x)} must be ≥ 0`);
  if (isBatched(x) && (before[0] !== 0 || after[0] !== 0)) throw new ShapeError(`${what}: the batch axis of ${formatShape(x)} cannot be padded`);
  return x.map((d, a) => (d === "n" ? d : before[a]! + d + after[a]!));
}

/** y = x with `before` and `after` zeros around every axis;  ∂L/∂x = the slice of ∂L/∂y where x lies */
export const pad = defineOp({
  name: "pad",
  fusion: "movement",
  cost: copy,
  arity: 1,
  attrs: [],
  lists: ["before", "after"],
  operands: ["any"],
  result: ([t]) => t,
  doc: "{out} = {0} padded with zeros",
  rules: ["∂L/∂{0} = the slice of ∂L/∂{out} where {0} lies"],
  shape: padShape,
  vjp: ({ b, dy, x: [x], attrs }) => {
    const before = ints(attrs, "before");
    return b.apply("slice", [dy], { begin: before, size: x.shape.map((d) => (d === "n" ? -1 : d)) });
  },
});
