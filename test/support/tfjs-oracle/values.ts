// A value during the oracle's evaluation: a tensor and whether it carries the batch axis (inputs,
// targets and everything computed from them do; parameters and constants do not). Per-sample axes
// are shifted by one on batched values; numpy broadcasting over per-sample shapes is made explicit
// (a batched value of lower per-sample rank gets size-1 axes after its batch axis), since tf would
// otherwise align the batch axis with a per-sample one.
import * as tf from "@tensorflow/tfjs";

export interface Val {
  t: tf.Tensor;
  batched: boolean;
}

/** The tf axis of per-sample axis `axis`. */
export const tfAxis = (v: Val, axis: number) => axis + (v.batched ? 1 : 0);

/** The per-sample shape. */
export const sampleShape = (v: Val): number[] => (v.batched ? v.t.shape.slice(1) : v.t.shape);

/** The operands made broadcast-compatible in tf as they are per sample (numpy rules). */
export function aligned(vals: readonly Val[]): tf.Tensor[] {
  const rank = Math.max(...vals.map((v) => sampleShape(v).length));
  return vals.map((v) => {
    const s = sampleShape(v);
    if (!v.batched || s.length === rank) return v.t;
    return tf.reshape(v.t, [v.t.shape[0], ...new Array<number>(rank - s.length).fill(1), ...s]);
  });
}

/** The value with a batch axis (an unbatched one repeated `batch` times, by tf.broadcastTo). */
export const withBatch = (v: Val, batch: number): tf.Tensor => (v.batched ? v.t : tf.broadcastTo(v.t, [batch, ...v.t.shape]));
