// Derivative masks read the activation instead of its input: [z > 0] = [relu(z) > 0], and for
// leaky relu with α > 0 the sign of the output is the sign of z. Backward then reads the
// activation the forward pass keeps anyway, so z has one consumer and never needs storing.
import type { Graph, Node } from "../../ir/graph.ts";
import { rewrite } from "./rewrite.ts";
import { num } from "../../ops/define.ts";

export function reuseActivations(g: Graph): Graph {
  const index = new Map(g.nodes.map((n, i) => [n.id, i]));
  const activationOf = new Map<string, Node>();
  for (const n of g.nodes) {
    const sameSign = n.op === "relu" || (n.op === "leaky_relu" && num(n.attrs, "alpha") > 0);
    if (sameSign && !activationOf.has(`${n.op}:${n.inputs[0]}`)) activationOf.set(`${n.op}:${n.inputs[0]}`, n);
  }
  return rewrite(g, (node) => {
    const op = node.op === "step" ? "relu" : node.op === "leaky_step" ? "leaky_relu" : undefined;
    const act = op && activationOf.get(`${op}:${node.inputs[0]}`);
    if (!act || index.get(act.id)! > index.get(node.id)!) return node;
    return { ...node, inputs: [act.id] };
  });
}
