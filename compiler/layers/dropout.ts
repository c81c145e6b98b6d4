// dropout as tf.layers.dropout (inverted dropout): in training y = x · mask, the mask 0 with
// probability `rate` and 1/(1 − rate) elsewhere, drawn afresh on every call from the model's seeded
// generator (the backward pass reads the same mask); in inference, and at rate 0, y = x.
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import type { LayerContext } from "./context.ts";

export function dropout(ctx: LayerContext, node: Extract<NormalizedNode, { kind: "dropout" }>, x: Value): Value {
  if (ctx.mode === "infer" || node.rate === 0) return x;
  const mask = ctx.b.apply("dropout_mask", [x], { rate: node.rate }, `${node.name}.mask`);
  return ctx.b.apply("mul", [x, mask], {}, node.name);
}
