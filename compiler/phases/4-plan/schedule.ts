// Splits the optimized graph into the three compiled phases, in graph order:
// forward (what the output needs), loss (what the loss and the state updates add), backward (what
// the gradients add).
import { ancestors, outputIds, updateIds, type Graph, type Node } from "../../ir/graph.ts";

export interface Schedule {
  forward: Node[];
  loss: Node[];
  backward: Node[];
}

export function schedule(g: Graph): Schedule {
  const forward = ancestors(g, outputIds(g));
  const inForward = new Set(forward.map((n) => n.id));
  const loss = ancestors(g, [g.loss, ...updateIds(g)]).filter((n) => !inForward.has(n.id));
  const before = new Set([...inForward, ...loss.map((n) => n.id)]);
  const backward = ancestors(g, g.grads.map((gr) => gr.value)).filter((n) => !before.has(n.id));
  return { forward, loss, backward };
}
