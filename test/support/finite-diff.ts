// Central finite differences of a model's loss with respect to every parameter, in float64,
// compared with the compiled backward pass.
//
// Tolerance: with h = 1e-6·max(1, |θ|) the central difference has truncation error
// ≈ h²·|L‴|/6 ≈ 1e-13 and rounding error ≈ ε·|L|/h ≈ 2e-10·|L|, so for losses of order 1–10
// the numeric derivative is good to ~1e-9. We accept |analytic − numeric| ≤ 1e-6·max(1, |g|):
// 1000× above the noise, while any wrong rule is off by O(1) relative error.
import type { LoadedModel } from "./load-module.ts";

export const FD_TOLERANCE = 1e-6;

export interface GradientCheck {
  worst: number;
  worstIndex: number;
  analytic: number[];
  numeric: number[];
}

/** Checks the parameters at `indices` (default: all of them). */
export function checkGradients(model: LoadedModel, lossOf: () => number, indices?: number[]): GradientCheck {
  lossOf();
  model.backward();
  const analytic = Array.from(model.grads);
  const numeric: number[] = [];
  let worst = 0;
  let worstIndex = -1;
  for (const i of indices ?? analytic.keys()) {
    const saved = model.params[i];
    const h = 1e-6 * Math.max(1, Math.abs(saved));
    model.params[i] = saved + h;
    const up = lossOf();
    model.params[i] = saved - h;
    const down = lossOf();
    model.params[i] = saved;
    const g = (up - down) / (2 * h);
    numeric[i] = g;
    const err = Math.abs(analytic[i] - g) / Math.max(1, Math.abs(analytic[i]), Math.abs(g));
    if (err > worst || Number.isNaN(err)) {
      worst = Number.isNaN(err) ? Infinity : err;
      worstIndex = i;
    }
  }
  return { worst, worstIndex, analytic, numeric };
}

/** Deterministic pseudo-random numbers for test data (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
