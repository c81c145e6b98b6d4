// softmax and logSoftmax along any axis. The softmax primitive works on the last axis: another
// axis is moved there and back. logSoftmax is x − m − log Σ exp(x − m), m = max over the axis
// (never exp of a large number; the gradient through m cancels: 1 − Σ softmax = 0).
import type { GraphBuilder } from "../ir/builder.ts";
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { binary } from "./elementwise.ts";
import { irAxis } from "./context.ts";
import { keepDims } from "./reduce.ts";

export function softmax(b: GraphBuilder, node: Extract<NormalizedNode, { kind: "softmax" }>, x: Value): Value {
  const axis = irAxis(x, node.axis);
  if (node.log) return logSoftmax(b, x, axis, node.name);
  const last = x.shape.length - 1;
  if (axis === last) return b.apply("softmax", [x], {}, node.name);
  // swap `axis` and the last axis (a swap is its own inverse)
  const perm = x.shape.map((_, i) => (i === axis ? last : i === last ? axis : i));
  const moved = b.apply("transpose", [x], { perm });
  return b.apply("transpose", [b.apply("softmax", [moved])], { perm }, node.name);
}

function logSoftmax(b: GraphBuilder, x: Value, axis: number, id: string): Value {
  const max = keepDims(b, b.apply("reduce_max", [x], { axes: [axis] }, `${id}.max`), x, [axis]);
  const shifted = binary(b, "sub", x, max, `${id}.shifted`);
  const sum = b.apply("reduce_sum", [b.apply("exp", [shifted])], { axes: [axis] }, `${id}.sumExp`);
  const logSum = keepDims(b, b.apply("log", [sum]), x, [axis]);
  return binary(b, "sub", shifted, logSum, id);
}
