// Reductions over any axes (IR axes: 0 is the batch axis n of a batched value): sum, max, mean.
// The output drops the reduced axes (no keep-dims in the IR: lowering reshapes).
import { ShapeError } from "../errors.ts";
import type { GraphBuilder } from "../ir/builder.ts";
import { formatShape, shapesEqual, type Attrs, type Shape, type Value } from "../ir/graph.ts";
import { defineOp, ints, type KernelContext } from "./define.ts";
import { block, checkAxes, dropAxes, keepDims, loopNest, requireBatchLeading, strides } from "./nd.ts";
import { perSample } from "./reshape.ts";

type Kind = "sum" | "max" | "mean";

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
function keptForBroadcast(b: GraphBuilder, v: Value, x: Shape, axes: readonly number[]): Value {
  let lead = 0;
  while (axes[lead] === lead) lead++;
  const keep = keepDims(x, axes).slice(lead);
  return shapesEqual(keep, v.shape) ? v : b.apply("reshape", [v], { shape: perSample(keep) });
}

/** Loops over the kept axes with an accumulator over the reduced ones (when the last axis is reduced), else one pass over x. */
function reduceCode(k: KernelContext, kind: Kind): string {
  const { out, ins: [x], inShapes: [xs], outShape } = k;
  const axes = ints(k.attrs, "axes");
  const xStride = strides(xs);
  const kept = xs.map((_, a) => a).filter((a) => !axes.includes(a));
  const reduced: Shape = axes.map((a) => xs[a]!);
  const init = kind === "max" ? "-Infinity" : "0";
  const count = kind === "mean" ? [`const count = ${k.size(reduced)};`] : [];
  const scale = kind === "mean" ? " / count" : "";
  const last = xs.map((d, a) => (d === 1 ? -1 : a)).filter((a) => a >= 0).pop();
  if (last === undefined || axes.includes(last)) {
    const accumulate = (v: string) => (kind === "max" ? block("", [`const v = ${v};`, "if (v > acc) acc = v;"]) : `acc += ${v};`);
    const inner = (xo: string) => loopNest(reduced, [{ name: "r", strides: axes.map((a) => xStride[a]!), base: xo }], ([r]) => accumulate(`${x}[${r}]!`), "j");
    const walks = [
      { name: "x", strides: kept.map((a) => xStride[a]!) },
      { name: "o", strides: strides(outShape) },
    ];
    const body = ([xo, o]: readonly string[]) => block("", [`let acc = ${init};`, inner(xo!), `${out}[${o}] = acc${scale};`]);
    return [...count, loopNest(outShape, walks, body)].join("\n");
  }
  // The last axis is kept: stream x in memory order into the output (zero-filled, or −∞ for max).
  const outStride = strides(outShape);
  const walks = [
    { name: "x", strides: xStride },
    { name: "o", strides: xs.map((_, a) => (axes.includes(a) ? 0 : outStride[kept.indexOf(a)]!)) },
  ];
  const step = ([xo, o]: readonly string[]) =>
    kind === "max" ? block("", [`const v = ${x}[${xo}]!;`, `if (v > ${out}[${o}]!) ${out}[${o}] = v;`]) : `${out}[${o}]! += ${x}[${xo}]!;`;
  const size = k.size(outShape);
  const lines = [`for (let i = 0; i < ${size}; i++) ${out}[i] = ${init};`, loopNest(xs, walks, step)];
  if (kind === "mean") lines.push(...count, `for (let i = 0; i < ${size}; i++) ${out}[i] = ${out}[i]! / count;`);
  return lines.join("\n");
}

/** y = Σ x over `axes`;  ∂L/∂x = ∂L/∂y broadcast back over the reduced axes */
export const reduce_sum = defineOp({
  name: "reduce_sum",
  fusion: "reduction",
  arity: 1,
  attrs: [],
  lists: ["axes"],
  doc: "{out} = Σ {0} over the reduced axes",
  rules: ["∂L/∂{0} = ∂L/∂{out} broadcast over the reduced axes"],
  shape: reduceShape,
  vjp: ({ b, dy, x: [x], attrs }) => b.apply("broadcast", [keptForBroadcast(b, dy, x.shape, ints(attrs, "axes")), x]),
  emit: { kind: "kernel", code: (k) => reduceCode(k, "sum") },
});

/** y = the mean of x over `axes`;  ∂L/∂x = ∂L/∂y broadcast back, divided by the count (which may include the batch) */
export const reduce_mean = defineOp({
  name: "reduce_mean",
  fusion: "reduction",
  arity: 1,
  attrs: [],
  lists: ["axes"],
  doc: "{out} = the mean of {0} over the reduced axes",
  rules: ["∂L/∂{0} = ∂L/∂{out} broadcast over the reduced axes, divided by their count"],
  shape: reduceShape,
  vjp: ({ b, dy, x: [x], attrs }) => b.apply("broadcast_mean", [keptForBroadcast(b, dy, x.shape, ints(attrs, "axes")), x]),
  emit: { kind: "kernel", code: (k) => reduceCode(k, "mean") },
});

/**
 * y = max x over `axes`;  ∂L/∂x = [x = y] / #ties · ∂L/∂y, split equally among tied maxima (as
 * TensorFlow's max gradient)
 */
export const reduce_max = defineOp({
  name: "reduce_max",
  fusion: "reduction",
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
  emit: { kind: "kernel", code: (k) => reduceCode(k, "max") },
});
