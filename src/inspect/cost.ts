// What one fused loop costs at maxBatch: multiply-adds (a product's M·N·K, one per element for
// every other op) and elements moved (each value it reads from memory once, each value it stores).
import { shapeSize, type Shape } from "../../compiler/ir/graph.ts";
import type { Group } from "../../compiler/phases/4-plan/fuse.ts";
import { gemmDims } from "../../compiler/phases/4-plan/tiles.ts";

export interface LoopCost {
  madds: number;
  /** Elements read and written; times the element size gives bytes moved. */
  elements: number;
}

export function loopCost(gr: Group, shapeOf: (id: string) => Shape, maxBatch: number): LoopCost {
  const size = (id: string) => shapeSize(shapeOf(id), maxBatch);
  const dim = (d: number | "n") => (d === "n" ? maxBatch : d);
  let madds = 0;
  for (const n of gr.nodes) {
    if (n.op === "matmul") {
      const { M, N, K } = gemmDims(n, shapeOf);
      madds += dim(M) * dim(N) * dim(K);
    } else {
      // A reduction touches each input element once; an elementwise op each output element.
      madds += Math.max(size(n.id), ...n.inputs.map(size));
    }
  }
  const elements = [...gr.reads, ...gr.writes].reduce((s, id) => s + size(id), 0);
  return { madds, elements };
}
