// Dead-code elimination: drops every node no result (output, loss, gradient) depends on.
import { ancestors, resultIds, type Graph } from "../../ir/graph.ts";

export function eliminateDeadCode(g: Graph): Graph {
  return { ...g, nodes: ancestors(g, resultIds(g)) };
}
