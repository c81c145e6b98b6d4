// dense: act(x·kernel + bias) on the last axis, kernel [in, units] as in Keras. A rank-1 input is
// a matrix product; a higher rank is a contraction over the last axis ([n, T, d] → [n, T, units]),
// which the planner runs as the same matrix product over n·T rows. Either way bias and activation
// are the product's epilogue.
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { applyActivation } from "../phases/1-lower/activation.ts";
import type { LayerContext } from "./context.ts";

export function dense(ctx: LayerContext, node: Extract<NormalizedNode, { kind: "dense" }>, x: Value): Value {
  const { b } = ctx;
  const hasAct = node.activation.type !== "identity";
  const inDim = x.shape[x.shape.length - 1] as number;
  const kernel = ctx.param(node.name, "kernel", [inDim, node.units], node.kernelInitializer);
  const bias = node.useBias ? ctx.param(node.name, "bias", [node.units], node.biasInitializer) : undefined;
  const productId = bias || hasAct ? `${node.name}.xW` : node.name;
  const zId = hasAct ? `${node.name}.z` : node.name;
  const last = x.shape.length - 1;
  const xw =
    last === 1
      ? b.apply("matmul", [x, kernel], { ta: 0, tb: 0 }, productId)
      : b.apply("dot_general", [x, kernel], { lb: [], rb: [], lc: [last], rc: [0] }, productId);
  // The bias repeated over every row of the product (a loop reads it per column: never stored).
  const z = bias ? b.apply("add", [xw, b.apply("broadcast", [bias, xw], {}, `${node.name}.biasRows`)], {}, zId) : xw;
  return applyActivation(b, node.activation, z, node.name);
}
