// Reverse-mode automatic differentiation at compile time. Walks the forward graph backwards
// from the loss, applies each op's VJP rule and sums adjoints where a value fans out.
// The result is one graph: forward, loss, and ∂loss/∂param for every parameter.
import { GraphBuilder } from "../../ir/builder.ts";
import type { Graph, GradOutput, Node, Value } from "../../ir/graph.ts";
import { ops } from "../../ops/index.ts";
import { describe } from "../../ops/describe.ts";
import { ruleFor } from "../../ops/define.ts";

export function differentiate(g: Graph): Graph {
  const b = GraphBuilder.from(g);
  const needsGrad = paramDependents(g);
  const adjoints = new Map<string, Value[]>();
  const contribute = (id: string, v: Value) => adjoints.set(id, [...(adjoints.get(id) ?? []), v]);

  b.comment = "loss: ∂L/∂L = 1";
  contribute(g.loss, b.apply("const", [], { value: 1 }));

  for (const node of [...g.nodes].reverse()) {
    if (!needsGrad.has(node.id) || !adjoints.has(node.id)) continue;
    const dy = total(b, node.comment, node.id, adjoints.get(node.id)!);
    node.inputs.forEach((inputId, i) => {
      if (!needsGrad.has(inputId)) return; // no parameter depends on it: skip
      b.comment = `${node.comment}: ${describe(ruleFor(ops[node.op], i), node)}`;
      const ctx = { b, x: node.inputs.map((id) => valueOf(b, id)), out: node as Value, dy, attrs: node.attrs };
      const grad = ops[node.op].vjp(ctx, i);
      if (grad) contribute(inputId, grad);
    });
  }

  const grads: GradOutput[] = g.params.map((p) => {
    const parts = adjoints.get(p.id);
    const layer = layerOf(g, p.id);
    if (!parts) {
      b.comment = `${layer}: the loss does not depend on ${p.id}, ∂L/∂${p.id} = 0`;
      return { param: p.id, value: b.apply("zeros_like", [p]).id };
    }
    return { param: p.id, value: total(b, layer, p.id, parts).id };
  });
  return b.finish(g.output, g.loss, grads, g.extraOutputs);
}

/** ∂L/∂v as one value: the sum of the contributions of every use of v (fan-out). */
function total(b: GraphBuilder, layer: string, id: string, parts: Value[]): Value {
  if (parts.length === 1) return parts[0];
  b.comment = `${layer}: ∂L/∂${id} sums ${parts.length} uses (fan-out)`;
  return parts.reduce((acc, v) => b.add(acc, v));
}

/** Parameters and every node that (transitively) depends on one. */
function paramDependents(g: Graph): Set<string> {
  const set = new Set(g.params.map((p) => p.id));
  for (const n of g.nodes) if (n.inputs.some((id) => set.has(id))) set.add(n.id);
  return set;
}

function valueOf(b: GraphBuilder, id: string): Value {
  return { id, shape: b.shapeOf(id) };
}

/** The layer a parameter belongs to: the comment of the first node using it. */
function layerOf(g: Graph, paramId: string): string {
  return g.nodes.find((n: Node) => n.inputs.includes(paramId))?.comment ?? paramId;
}
