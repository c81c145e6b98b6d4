// The values a normalized node reads, in operand order (for graph walks over the normalized form).
import type { NormalizedNode } from "./types.ts";

export function nodeInputs(node: NormalizedNode): string[] {
  switch (node.kind) {
    case "add":
    case "binary":
    case "matmul":
    case "concat":
      return [...node.inputs];
    case "constant":
      return [];
    case "multiHeadAttention":
      return node.value === node.query ? [node.query] : [node.query, node.value];
    default:
      return [node.input];
  }
}
