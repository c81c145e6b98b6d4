// Finite-difference gradient check of a compiled model (float64): central differences of the loss
// against backward(), worst relative error per parameter tensor.
//
// Error measure: |analytic − numeric| / max(|analytic|, |numeric|, scale), where `scale` is the
// tensor's own largest |numeric| (normwise, like allclose on the tensor scaled by its largest
// entry), but at least LOSS_FLOOR·|loss|. Why that floor: with h = 1e-6·max(1, |θ|) the central
// difference has truncation error ≈ h²·|L‴|/6 ≈ 1e-13 and rounding error ≈ c·ε·|L|/h ≈ c·2e-10·|L|
// (c ≈ 1–5: the loss's own sums round too; measured ≤ 1.5 on the examples), an absolute error.
// Measured against a scale ≥ 1e-2·|L| that noise is ≤ c·2e-8, 50× below the 1e-6 tolerance, while a
// tensor whose gradients are all far below the loss is still held to 1e-8·|L| absolute (the old
// max(1, |g|) floor allowed 1e-6 for every gradient below 1). A wrong rule is off by O(1).
import type { Layout } from "../index.ts";

export const DEFAULT_TOLERANCE = 1e-6;
/** The smallest error scale, as a fraction of |loss| (see the header). */
export const LOSS_FLOOR = 1e-2;
export const DEFAULT_SAMPLE_LIMIT = 5000;

export interface CheckableModel {
  params: Float64Array | Float32Array;
  grads: Float64Array | Float32Array;
  backward(): void;
}

export interface TensorReport {
  name: string;
  checked: number;
  length: number;
  worst: number;
  /** Index within the tensor of the worst element, with both derivatives there. */
  worstAt: number;
  analytic: number;
  numeric: number;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * ∂loss/∂params[i] by central differences, by default h = 1e-6·max(1, |θ|); params[i] is restored.
 * (Truncation error ≈ h²·|L‴|/6, rounding ≈ ε·|L|/h: about 1e-9 in float64 for losses of order 1.)
 */
export function centralDifference(
  params: { [i: number]: number },
  i: number,
  lossOf: () => number,
  h = 1e-6 * Math.max(1, Math.abs(params[i]!)),
): number {
  const saved = params[i]!;
  params[i] = saved + h;
  const up = lossOf();
  params[i] = saved - h;
  const down = lossOf();
  params[i] = saved;
  return (up - down) / (2 * h);
}

/** |analytic − numeric| relative to the larger of the two and `scale` (see the header); NaN → Infinity. */
export function relativeError(analytic: number, numeric: number, scale: number): number {
  const diff = Math.abs(analytic - numeric);
  if (diff === 0) return 0;
  const err = diff / Math.max(Math.abs(analytic), Math.abs(numeric), scale);
  return Number.isNaN(err) ? Infinity : err;
}

/** The error scale of one tensor: its largest |numeric derivative|, at least LOSS_FLOOR·|loss|. */
export function errorScale(numeric: Iterable<number>, loss: number): number {
  let scale = LOSS_FLOOR * Math.abs(loss);
  for (const g of numeric) scale = Math.max(scale, Math.abs(g));
  return scale;
}

/**
 * Parameter indices to check: all of them when there are at most `samples`; otherwise every
 * bias (rank-1 parameter) plus a seeded sample of the rest, at least one element per tensor.
 */
export function chooseIndices(layout: Layout, samples: number, next: () => number): number[] {
  if (samples >= layout.paramCount) return [...Array(layout.paramCount).keys()];
  const chosen = new Set<number>();
  const rest: number[] = [];
  for (const p of layout.params) {
    for (let i = p.offset; i < p.offset + p.length; i++) {
      if (p.shape.length === 1) chosen.add(i);
      else rest.push(i);
    }
  }
  for (const p of layout.params) chosen.add(p.offset + Math.floor(next() * p.length));
  // partial Fisher–Yates over the remaining indices
  for (let k = 0; chosen.size < samples && k < rest.length; k++) {
    const j = k + Math.floor(next() * (rest.length - k));
    [rest[k], rest[j]] = [rest[j]!, rest[k]!];
    chosen.add(rest[k]!);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Checks `indices` of `model.params`; `lossOf` recomputes the loss on fixed data. */
export function checkGradients(
  model: CheckableModel,
  layout: Layout,
  lossOf: () => number,
  indices: readonly number[],
): TensorReport[] {
  const loss = lossOf();
  model.backward();
  const analytic = Float64Array.from(model.grads);
  const reports = layout.params.map<TensorReport>((p) => ({
    name: p.name,
    checked: 0,
    length: p.length,
    worst: 0,
    worstAt: -1,
    analytic: 0,
    numeric: 0,
  }));
  // Numeric derivatives grouped by tensor first: the error scale is the tensor's own.
  const byTensor = layout.params.map(() => new Map<number, number>());
  let tensor = 0;
  for (const i of indices) {
    while (i >= layout.params[tensor]!.offset + layout.params[tensor]!.length) tensor++;
    byTensor[tensor]!.set(i, centralDifference(model.params, i, lossOf));
  }
  byTensor.forEach((numerics, t) => {
    const scale = errorScale(numerics.values(), loss);
    const r = reports[t]!;
    for (const [i, numeric] of numerics) {
      const err = relativeError(analytic[i]!, numeric, scale);
      r.checked++;
      if (err > r.worst || r.worstAt < 0) {
        Object.assign(r, { worst: err, worstAt: i - layout.params[t]!.offset, analytic: analytic[i]!, numeric });
      }
    }
  });
  return reports;
}
