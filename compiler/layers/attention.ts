// multiHeadAttention as tf.layers / Keras MultiHeadAttention, from primitives:
//   q = query·Wq + bq, k = value·Wk + bk, v = value·Wv + bv     [n, T, heads, keyDim]
//   scores = q·kᵀ / √keyDim per head                            [n, heads, T, S]
//   weights = softmax(scores) over S (causal: position t sees s ≤ t only)
//   heads = weights·v                                           [n, heads, T, keyDim]
//   out = Σ_{h,k} heads·Wo + bo                                 [n, T, d]
// Parameter shapes are Keras's: <name>.query.kernel [d, heads, keyDim], <name>.query.bias
// [heads, keyDim] (same for key and value), <name>.output.kernel [heads, keyDim, d], <name>.output.bias [d].
import type { GraphBuilder } from "../ir/builder.ts";
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { binary } from "./elementwise.ts";
import type { LayerContext } from "./context.ts";

type Attention = Extract<NormalizedNode, { kind: "multiHeadAttention" }>;

/** What a masked score becomes: exp(−1e9 − max) is 0 in float32 and float64, as in Keras. */
const MASKED = -1e9;

export function multiHeadAttention(ctx: LayerContext, node: Attention, query: Value, value: Value): Value {
  const { b } = ctx;
  const { numHeads: heads, keyDim, name } = node;
  const d = query.shape[query.shape.length - 1] as number;
  const project = (x: Value, role: "query" | "key" | "value", id: string): Value => {
    const inDim = x.shape[x.shape.length - 1] as number;
    const kernel = ctx.param(name, `${role}.kernel`, [inDim, heads, keyDim], "glorotUniform", [inDim, heads * keyDim]);
    const xw = b.apply("dot_general", [x, kernel], { lb: [], rb: [], lc: [x.shape.length - 1], rc: [0] }, node.useBias ? `${id}.xW` : id);
    if (!node.useBias) return xw;
    return binary(b, "add", xw, ctx.param(name, `${role}.bias`, [heads, keyDim], "zeros"), id);
  };
  const q = project(query, "query", `${name}.q`);
  const k = project(value, "key", `${name}.k`);
  const v = project(value, "value", `${name}.v`);
  // [n, T, h, k] · [n, S, h, k] over k, batched over (n, h) → [n, h, T, S]
  const product = b.apply("dot_general", [q, k], { lb: [0, 2], rb: [0, 2], lc: [3], rc: [3] }, `${name}.qK`);
  let scores = b.affine(product, 1 / Math.sqrt(keyDim), 0);
  if (node.causal) scores = binary(b, "add", scores, causalMask(b, query.shape[1] as number, value.shape[1] as number, name));
  const weights = b.apply("softmax", [scores], {}, `${name}.weights`);
  // [n, h, T, S] · [n, S, h, k] over S, batched over (n, h) → [n, h, T, k]
  const mixed = b.apply("dot_general", [weights, v], { lb: [0, 1], rb: [0, 2], lc: [3], rc: [1] }, `${name}.heads`);
  const outKernel = ctx.param(name, "output.kernel", [heads, keyDim, d], "glorotUniform", [heads * keyDim, d]);
  // [n, h, T, k] · [h, k, d] over (h, k) → [n, T, d]
  const out = b.apply("dot_general", [mixed, outKernel], { lb: [], rb: [], lc: [1, 3], rc: [0, 1] }, node.useBias ? `${name}.out` : name);
  if (!node.useBias) return out;
  return binary(b, "add", out, ctx.param(name, "output.bias", [d], "zeros"), name);
}

/** [T, S]: 0 where query position t may see key position s (s ≤ t), MASKED after it. */
function causalMask(b: GraphBuilder, t: number, s: number, name: string): Value {
  const values: number[] = [];
  for (let i = 0; i < t; i++) for (let j = 0; j < s; j++) values.push(j <= i ? 0 : MASKED);
  return b.apply("tensor", [], { shape: [t, s], values }, `${name}.causalMask`);
}
