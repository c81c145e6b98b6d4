// The optimizer: passes applied in order until the graph stops changing.
// Every pass maps a valid graph to a valid graph with the same results.
import type { Graph } from "../../ir/graph.ts";
import { printGraph } from "../../ir/print.ts";
import { eliminateCommonSubexpressions } from "./cse.ts";
import { eliminateDeadCode } from "./dce.ts";
import { simplify } from "./simplify.ts";
import { reuseActivations } from "./reuse-activation.ts";
import { foldTransposes } from "./fold-transpose.ts";
import { logsumexpFromSoftmax } from "./lse-from-softmax.ts";

export const PASSES = [
  ["simplify", simplify],
  ["reuse-activation", reuseActivations],
  ["fold-transpose", foldTransposes],
  ["lse-from-softmax", logsumexpFromSoftmax],
  ["cse", eliminateCommonSubexpressions],
  ["dce", eliminateDeadCode],
] as const;

export function optimize(g: Graph, afterPass?: (name: string, g: Graph) => void): Graph {
  let current = g;
  for (let round = 0; round < 8; round++) {
    const before = printGraph(current);
    for (const [name, pass] of PASSES) {
      current = pass(current);
      afterPass?.(name, current);
    }
    if (printGraph(current) === before) break;
  }
  return current;
}
