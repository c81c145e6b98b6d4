// Common-subexpression elimination: a node with the same op, inputs and attributes as an
// earlier one is replaced by it (e.g. the softmax that the loss gradient recomputes).
import type { Graph, Node } from "../../ir/graph.ts";
import { ops } from "../../ops/index.ts";
import type { OpDef } from "../../ops/define.ts";
import { rewrite } from "./rewrite.ts";

export function eliminateCommonSubexpressions(g: Graph): Graph {
  const seen = new Map<string, string>();
  return rewrite(g, (node) => {
    const key = keyOf(node);
    const earlier = seen.get(key);
    if (earlier !== undefined) return earlier;
    seen.set(key, node.id);
    return node;
  });
}

function keyOf(n: Node): string {
  if ((ops[n.op] as OpDef).random === true) return JSON.stringify(["random", n.id]); // each draw its own
  const inputs = (ops[n.op] as OpDef).commutative === true ? [...n.inputs].sort() : n.inputs;
  const attrs = Object.keys(n.attrs).sort().map((k) => [k, n.attrs[k]]);
  return JSON.stringify([n.op, inputs, attrs]);
}
