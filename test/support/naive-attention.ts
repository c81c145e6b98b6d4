// Multi-head attention as plain loops in float64, straight from the definition (Keras's
// MultiHeadAttention): a reference for the oracle's tf-ops version on tiny cases.
export interface NaiveAttentionParams {
  /** [d, H, K] row-major, as Keras; `wo` is [H, K, dOut]. Biases [H, K] and [dOut], or undefined. */
  wq: ArrayLike<number>;
  wk: ArrayLike<number>;
  wv: ArrayLike<number>;
  wo: ArrayLike<number>;
  bq?: ArrayLike<number>;
  bk?: ArrayLike<number>;
  bv?: ArrayLike<number>;
  bo?: ArrayLike<number>;
}

/** One sample: query [T, dq], value [S, dv] → [T, dOut]. A causal mask lets position t see s ≤ t. */
export function naiveAttention(
  query: ArrayLike<number>,
  value: ArrayLike<number>,
  dims: { T: number; S: number; dq: number; dv: number; H: number; K: number; dOut: number; causal: boolean },
  p: NaiveAttentionParams,
): Float64Array {
  const { T, S, dq, dv, H, K, dOut, causal } = dims;
  // x [len, d] · w [d, H, K] + b [H, K] → [len][h][k]
  const project = (x: ArrayLike<number>, len: number, d: number, w: ArrayLike<number>, b?: ArrayLike<number>) => {
    const out: number[][][] = [];
    for (let t = 0; t < len; t++) {
      out.push([]);
      for (let h = 0; h < H; h++) {
        out[t]!.push([]);
        for (let k = 0; k < K; k++) {
          let s = b === undefined ? 0 : b[h * K + k]!;
          for (let i = 0; i < d; i++) s += x[t * d + i]! * w[(i * H + h) * K + k]!;
          out[t]![h]!.push(s);
        }
      }
    }
    return out;
  };
  const q = project(query, T, dq, p.wq, p.bq);
  const k = project(value, S, dv, p.wk, p.bk);
  const v = project(value, S, dv, p.wv, p.bv);
  const result = new Float64Array(T * dOut);
  for (let t = 0; t < T; t++) {
    const heads: number[][] = [];
    for (let h = 0; h < H; h++) {
      const scores: number[] = [];
      for (let s = 0; s < S; s++) {
        let dot = 0;
        for (let c = 0; c < K; c++) dot += q[t]![h]![c]! * k[s]![h]![c]!;
        scores.push(causal && s > t ? -Infinity : dot / Math.sqrt(K));
      }
      const max = Math.max(...scores);
      const e = scores.map((x) => Math.exp(x - max));
      const z = e.reduce((a, b) => a + b, 0);
      const head: number[] = new Array<number>(K).fill(0);
      for (let s = 0; s < S; s++) for (let c = 0; c < K; c++) head[c]! += (e[s]! / z) * v[s]![h]![c]!;
      heads.push(head);
    }
    for (let o = 0; o < dOut; o++) {
      let s = p.bo === undefined ? 0 : p.bo[o]!;
      for (let h = 0; h < H; h++) for (let c = 0; c < K; c++) s += heads[h]![c]! * p.wo[(h * K + c) * dOut + o]!;
      result[t * dOut + o] = s;
    }
  }
  return result;
}
