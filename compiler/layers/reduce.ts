// sum / mean / max over per-sample axes, with Keras's keepDims; and the keep-dims reshape that
// lets a reduced value broadcast back against its input.
import type { GraphBuilder } from "../ir/builder.ts";
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { irAxis } from "./context.ts";
import { keepDims as keepDimsShape } from "../ops/nd.ts";
import { perSample } from "../ops/reshape.ts";

const OP = { sum: "reduce_sum", mean: "reduce_mean", max: "reduce_max" } as const;

/** `reduced` (x with `axes` dropped) reshaped to x's rank, size 1 at `axes`. */
export function keepDims(b: GraphBuilder, reduced: Value, x: Value, axes: readonly number[], id?: string): Value {
  return b.apply("reshape", [reduced], { shape: perSample(keepDimsShape(x.shape, axes)) }, id);
}

export function reduce(b: GraphBuilder, node: Extract<NormalizedNode, { kind: "reduce" }>, x: Value): Value {
  const axes = node.axes.map((a) => irAxis(x, a));
  if (!node.keepDims) return b.apply(OP[node.op], [x], { axes }, node.name);
  return keepDims(b, b.apply(OP[node.op], [x], { axes }, `${node.name}.reduced`), x, axes, node.name);
}
