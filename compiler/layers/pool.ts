// maxPooling2d / averagePooling2d and maxPooling1d / averagePooling1d as tf.layers (channels last):
// the max_pool2d / avg_pool2d ops with the spec's window, strides and explicit pads ("same" resolved by
// padsOf, padding never part of a window). A 1-D pooling is a 2-D one over a height-1 image: its input
// gains a unit axis by reshapes (views), as conv1d does. The global poolings are `reduce` nodes.
import type { Value } from "../ir/graph.ts";
import type { GraphBuilder } from "../ir/builder.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";

type PoolNode = Extract<NormalizedNode, { kind: "maxPooling2d" | "averagePooling2d" | "maxPooling1d" | "averagePooling1d" }>;

/** x: [n, H, W, C] (2-D) or [n, L, C] (1-D), batched. */
export function pool(b: GraphBuilder, node: PoolNode, x: Value): Value {
  const op = node.kind.startsWith("max") ? "max_pool2d" : "avg_pool2d";
  if (node.kind === "maxPooling2d" || node.kind === "averagePooling2d") {
    return b.apply(op, [x], { window: node.poolSize, strides: node.strides, pads: node.pads }, node.name);
  }
  // [n, L, C] → [n, 1, L, C]: a 2-D pooling of window [1, p] over a height-1 image, then back (views).
  const [steps, channels] = x.shape.slice(1) as number[];
  const image = b.apply("reshape", [x], { shape: [1, steps!, channels!] }, `${node.name}.image`);
  const attrs = { window: [1, node.poolSize[0]!], strides: [1, node.strides[0]!], pads: [0, 0, node.pads[0]!, node.pads[1]!] };
  const rows = b.apply(op, [image], attrs, `${node.name}.pool2d`);
  return b.apply("reshape", [rows], { shape: node.shape }, node.name);
}
