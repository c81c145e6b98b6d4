// layerNormalization as tf.layers.layerNormalization: y = (x − μ)/√(σ² + ε)·γ + β, μ and σ² the
// mean and (biased) variance over `axis`; γ `<name>.gamma` (ones) and β `<name>.beta` (zeros) have
// the size of that axis.
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { alignedAt, binary } from "./elementwise.ts";
import { irAxis, type LayerContext } from "./context.ts";
import { keepDims } from "./reduce.ts";

export function layerNormalization(ctx: LayerContext, node: Extract<NormalizedNode, { kind: "layerNormalization" }>, x: Value): Value {
  const { b } = ctx;
  const axis = irAxis(x, node.axis);
  const size = x.shape[axis] as number;
  const mean = keepDims(b, b.apply("reduce_mean", [x], { axes: [axis] }, `${node.name}.mean`), x, [axis]);
  const centered = binary(b, "sub", x, mean, `${node.name}.centered`);
  const square = b.apply("square", [centered]);
  const variance = keepDims(b, b.apply("reduce_mean", [square], { axes: [axis] }, `${node.name}.variance`), x, [axis]);
  const invStd = b.apply("rsqrt", [b.affine(variance, 1, node.epsilon)], {}, `${node.name}.invStd`);
  const last = !node.scale && !node.center;
  let y = binary(b, "mul", centered, invStd, last ? node.name : `${node.name}.normalized`);
  const alongAxis = (v: Value): Value => alignedAt(b, v, x, axis);
  if (node.scale) {
    const gamma = ctx.param(node.name, "gamma", [size], "ones");
    y = binary(b, "mul", y, alongAxis(gamma), node.center ? `${node.name}.scaled` : node.name);
  }
  if (node.center) {
    const beta = ctx.param(node.name, "beta", [size], "zeros");
    y = binary(b, "add", y, alongAxis(beta), node.name);
  }
  return y;
}
