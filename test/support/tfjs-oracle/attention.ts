// Keras's MultiHeadAttention written with tf ops (tf.einsum has no gradient in tfjs 4.22, so the
// einsums are products of reshaped / transposed operands). Parameters, in Keras's shapes:
// <name>.{query,key,value}.kernel [d, H, k] and .bias [H, k], <name>.output.kernel [H, k, dq] and
// .bias [dq]. Key and value are both projected from `value`.
//   q = query·Wq + bq [b,T,H,k];  k, v likewise from value [b,S,H,k]
//   scores = (q/√k)·kᵀ per head [b,H,T,S];  causal: + (1 − [s ≤ t])·(−1e9), as Keras
//   heads = softmax_s(scores)·v [b,T,H,k];  out = Σ_{h,k} heads·Wo + bo [b,T,dq]
import * as tf from "@tensorflow/tfjs";

export interface AttentionNode {
  name: string;
  numHeads: number;
  keyDim: number;
  causal: boolean;
  useBias: boolean;
}

/** `query` [b, T, dq], `value` [b, S, dv] → [b, T, dq]; `param(".query.kernel")` reads a parameter. */
export function multiHeadAttention(node: AttentionNode, query: tf.Tensor, value: tf.Tensor, param: (suffix: string) => tf.Tensor): tf.Tensor {
  if (query.rank !== 3 || value.rank !== 3) throw new Error(`${node.name}: the oracle's attention takes per-sample [T, d] operands (got query ${query.shape}, value ${value.shape})`);
  const [b, T, dq] = query.shape as [number, number, number];
  const [, S, dv] = value.shape as [number, number, number];
  const H = node.numHeads;
  const K = node.keyDim;
  // x [b, len, d] → [b, H, len, K]
  const project = (x: tf.Tensor, which: string, d: number, len: number) => {
    const w = tf.reshape(param(`.${which}.kernel`), [d, H * K]);
    let y = tf.reshape(tf.matMul(tf.reshape(x, [b * len, d]), w), [b, len, H, K]);
    if (node.useBias) y = tf.add(y, param(`.${which}.bias`));
    return tf.transpose(y, [0, 2, 1, 3]);
  };
  const q = tf.mul(project(query, "query", dq, T), 1 / Math.sqrt(K)); // Keras scales the query
  const k = project(value, "key", dv, S);
  const v = project(value, "value", dv, S);
  let scores = tf.matMul(q, k, false, true); // [b, H, T, S]
  if (node.causal) {
    const adder = new Float32Array(T * S);
    for (let t = 0; t < T; t++) for (let s = 0; s < S; s++) adder[t * S + s] = s <= t ? 0 : -1e9;
    scores = tf.add(scores, tf.tensor(adder, [T, S]));
  }
  const heads = tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]); // [b, T, H, K]
  const wo = param(".output.kernel");
  const units = wo.shape[2]!;
  let out = tf.reshape(tf.matMul(tf.reshape(heads, [b * T, H * K]), tf.reshape(wo, [H * K, units])), [b, T, units]);
  if (node.useBias) out = tf.add(out, param(".output.bias"));
  return out;
}
