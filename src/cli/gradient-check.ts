// Finite-difference gradient check of a compiled model (float64): central differences of the loss
// against backward(), worst relative error per parameter tensor.
//
// Tolerance (as in test/support/finite-diff.ts): with h = 1e-6·max(1, |θ|) the central difference
// has truncation error ≈ h²·|L‴|/6 ≈ 1e-13 and rounding error ≈ ε·|L|/h ≈ 2e-10·|L|, so for losses
// of order 1–10 it is good to ~1e-9. We accept |analytic − numeric| ≤ 1e-6·max(1, |g|): 1000×
// above the noise, while a wrong derivative rule is off by O(1).
import type { Layout } from "../index.ts";

export const DEFAULT_TOLERANCE = 1e-6;
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

export function relativeError(analytic: number, numeric: number): number {
  const err = Math.abs(analytic - numeric) / Math.max(1, Math.abs(analytic), Math.abs(numeric));
  return Number.isNaN(err) ? Infinity : err;
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
  lossOf();
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
  let tensor = 0;
  for (const i of indices) {
    while (i >= layout.params[tensor]!.offset + layout.params[tensor]!.length) tensor++;
    const numeric = centralDifference(model.params, i, lossOf);
    const err = relativeError(analytic[i]!, numeric);
    const r = reports[tensor]!;
    r.checked++;
    if (err > r.worst || r.worstAt < 0) {
      Object.assign(r, {
        worst: err,
        worstAt: i - layout.params[tensor]!.offset,
        analytic: analytic[i]!,
        numeric,
      });
    }
  }
  return reports;
}
