// reshape / flatten, transpose, concat and slice: per-sample axes of the spec become IR axes (the
// batch axis "n", when present, is axis 0 and never moves).
import type { GraphBuilder } from "../ir/builder.ts";
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { irAxis, isBatched, withBatch } from "./context.ts";

type Of<K extends NormalizedNode["kind"]> = Extract<NormalizedNode, { kind: K }>;

export function reshape(b: GraphBuilder, node: Of<"reshape">, x: Value): Value {
  return b.apply("reshape", [x], { shape: node.shape }, node.name);
}

export function transpose(b: GraphBuilder, node: Of<"transpose">, x: Value): Value {
  const perm = isBatched(x) ? [0, ...node.perm.map((a) => a + 1)] : node.perm;
  return b.apply("transpose", [x], { perm }, node.name);
}

/** Joins per-batch values and constants alike: a value without n joins as n copies of itself. */
export function concat(b: GraphBuilder, node: Of<"concat">, xs: Value[]): Value {
  const batched = xs.find(isBatched);
  const parts = batched === undefined ? xs : xs.map((x) => withBatch(b, x, batched));
  return b.apply("concat", parts, { axis: irAxis(parts[0], node.axis) }, node.name);
}

export function slice(b: GraphBuilder, node: Of<"slice">, x: Value): Value {
  const [begin, size] = isBatched(x) ? [[0, ...node.begin], [-1, ...node.size]] : [node.begin, node.size];
  return b.apply("slice", [x], { begin, size }, node.name);
}
