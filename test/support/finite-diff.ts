// Central finite differences of a model's loss with respect to every parameter, in float64,
// compared with the compiled backward pass.
//
// Tolerance: with h = 1e-6·max(1, |θ|) the central difference has truncation error
// ≈ h²·|L‴|/6 ≈ 1e-13 and rounding error ≈ ε·|L|/h ≈ 2e-10·|L|, so for losses of order 1–10
// the numeric derivative is good to ~1e-9. We accept |analytic − numeric| ≤ 1e-6·max(1, |g|):
// 1000× above the noise, while any wrong rule is off by O(1) relative error.
import { centralDifference, relativeError, rng } from "../../src/cli/gradient-check.ts";
import type { LoadedModel } from "./load-module.ts";

/** Deterministic pseudo-random numbers for test data (mulberry32), the same as `tapeless check`. */
export { rng };

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
    const g = centralDifference(model.params, i, lossOf);
    numeric[i] = g;
    const err = relativeError(analytic[i], g);
    if (err > worst) {
      worst = err;
      worstIndex = i;
    }
  }
  return { worst, worstIndex, analytic, numeric };
}

