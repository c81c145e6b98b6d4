// batchNormalization as tf.layers.batchNormalization, on the statistics of the mode:
//   training:  μ, σ² the batch's mean and biased variance over every axis but `axis` (the batch
//              included); y = (x − μ)·γ/√(σ² + ε) + β, and the state moves towards them:
//              moving ← momentum·moving + (1 − momentum)·batch (written after the loss).
//   inference: y = x·s + t with s = γ/√(movingVariance + ε), t = β − movingMean·s, per channel.
// γ `<name>.gamma` (ones) and β `<name>.beta` (zeros) are trained; `<name>.movingMean` (zeros) and
// `<name>.movingVariance` (ones) are state. All four have the size of `axis`.
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { alignedAt, binary } from "./elementwise.ts";
import { irAxis, type LayerContext } from "./context.ts";

type BatchNormNode = Extract<NormalizedNode, { kind: "batchNormalization" }>;

export function batchNormalization(ctx: LayerContext, node: BatchNormNode, x: Value): Value {
  const { b } = ctx;
  const name = node.name;
  const axis = irAxis(x, node.axis);
  const size = x.shape[axis] as number;
  const gamma = node.scale ? ctx.param(name, "gamma", [size], "ones") : undefined;
  const beta = node.center ? ctx.param(name, "beta", [size], "zeros") : undefined;
  const movingMean = ctx.state(name, "movingMean", [size], "zeros");
  const movingVariance = ctx.state(name, "movingVariance", [size], "ones");
  const along = (v: Value) => alignedAt(b, v, x, axis);
  /** γ/√(σ² + ε): the factor of each channel (σ² the batch's or the moving variance). */
  const factor = (variance: Value, id: string): Value => {
    const invStd = b.apply("rsqrt", [b.affine(variance, 1, node.epsilon)], {}, gamma ? `${name}.invStd` : id);
    return gamma ? b.apply("mul", [invStd, gamma], {}, id) : invStd;
  };
  const shifted = (y: Value, shift: Value | undefined) => (shift ? binary(b, "add", y, along(shift), name) : y);

  if (ctx.mode === "infer") {
    const scale = factor(movingVariance, `${name}.scale`);
    // t = β − movingMean·s
    const meanScaled = b.apply("mul", [movingMean, scale], {}, beta ? `${name}.meanScaled` : `${name}.shift`);
    const shift = beta ? b.apply("sub", [beta, meanScaled], {}, `${name}.shift`) : b.neg(meanScaled);
    return binary(b, "add", binary(b, "mul", x, along(scale), `${name}.scaled`), along(shift), name);
  }

  const axes = x.shape.map((_, i) => i).filter((i) => i !== axis);
  const mean = b.apply("reduce_mean", [x], { axes }, `${name}.mean`);
  const centered = binary(b, "sub", x, along(mean), `${name}.centered`);
  const variance = b.apply("reduce_mean", [b.apply("square", [centered])], { axes }, `${name}.variance`);
  // moving ← momentum·moving + (1 − momentum)·batch
  const moved = (moving: Value, batch: Value, id: string) =>
    b.apply("add", [b.affine(moving, node.momentum, 0), b.affine(batch, 1 - node.momentum, 0)], {}, id);
  b.update(movingMean, moved(movingMean, mean, `${name}.nextMovingMean`));
  b.update(movingVariance, moved(movingVariance, variance, `${name}.nextMovingVariance`));
  const y = binary(b, "mul", centered, along(factor(variance, `${name}.scale`)), beta ? `${name}.normalized` : name);
  return shifted(y, beta);
}
