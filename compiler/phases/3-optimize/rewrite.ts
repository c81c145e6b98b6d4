// The one mechanism every optimization pass uses: visit nodes in order, each either kept
// (with its inputs renamed) or replaced by an existing value; results are renamed to match.
import type { Graph, Node } from "../../ir/graph.ts";

/** Return the node to keep, or the id of an existing value that replaces it. */
export type Rewrite = (node: Node, valueOf: (id: string) => Node | undefined) => Node | string;

export function rewrite(g: Graph, rule: Rewrite): Graph {
  const alias = new Map<string, string>();
  const kept = new Map<string, Node>();
  const resolve = (id: string): string => alias.get(id) ?? id;
  const nodes: Node[] = [];
  for (const original of g.nodes) {
    const node = { ...original, inputs: original.inputs.map(resolve) };
    const result = rule(node, (id) => kept.get(resolve(id)));
    if (typeof result === "string") alias.set(node.id, resolve(result));
    else {
      nodes.push(result);
      kept.set(result.id, result);
    }
  }
  return {
    ...g,
    nodes,
    output: resolve(g.output),
    ...(g.extraOutputs ? { extraOutputs: g.extraOutputs.map(resolve) } : {}),
    loss: resolve(g.loss),
    grads: g.grads.map((gr) => ({ param: gr.param, value: resolve(gr.value) })),
  };
}
