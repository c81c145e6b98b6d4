// embedding as tf.layers.embedding: row i of `<name>.embeddings` [inputDim, outputDim] for each
// int32 index i (the module checks every index against inputDim before it runs).
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import type { LayerContext } from "./context.ts";

export function embedding(ctx: LayerContext, node: Extract<NormalizedNode, { kind: "embedding" }>, indices: Value): Value {
  const table = ctx.param(node.name, "embeddings", [node.inputDim, node.outputDim], node.embeddingsInitializer);
  return ctx.b.apply("gather", [table, indices], {}, node.name);
}
