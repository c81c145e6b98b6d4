// Central finite differences on a sample of parameters (a few per tensor), for networks too big to
// check every parameter on every fuzz case. Same tolerance as test/support/finite-diff.ts.
//
// Kinks: relu & co. are not differentiable at 0. If the step h = 1e-6·max(1, |θ|) happens to move
// a pre-activation across 0, the central difference averages two slopes and disagrees with the
// (correct) one-sided rule. A mismatch is therefore re-measured with h/1000, which no longer
// crosses the kink unless the pre-activation is within ~1e-9 of it; a wrong rule disagrees at
// every step size.
import type { LoadedModel } from "./load-module.ts";
import { FD_TOLERANCE, rng } from "./finite-diff.ts";
import { centralDifference, relativeError } from "../../src/cli/gradient-check.ts";

export interface SampledCheck {
  worst: number;
  worstIndex: number;
  analytic: number;
  numeric: number;
  checked: number;
}

/** Up to `perTensor` indices of every parameter tensor: its first, its last, and random ones. */
export function sampleIndices(params: readonly { offset: number; length: number }[], perTensor: number, seed: number): number[] {
  const next = rng(seed);
  const picked = new Set<number>();
  for (const p of params) {
    const chosen = new Set([0, p.length - 1]);
    while (chosen.size < Math.min(perTensor, p.length)) chosen.add(Math.floor(next() * p.length));
    for (const i of chosen) picked.add(p.offset + i);
  }
  return [...picked].sort((a, b) => a - b);
}

/** `model` must be float64; `lossOf` runs its loss() on fixed data. */
export function checkSampledGradients(model: LoadedModel, lossOf: () => number, indices: readonly number[]): SampledCheck {
  lossOf();
  model.backward();
  const analytic = Float64Array.from(model.grads);
  const result: SampledCheck = { worst: 0, worstIndex: -1, analytic: NaN, numeric: NaN, checked: indices.length };
  for (const i of indices) {
    const h = 1e-6 * Math.max(1, Math.abs(model.params[i]));
    let g = centralDifference(model.params, i, lossOf, h);
    let err = relativeError(analytic[i], g);
    if (err >= FD_TOLERANCE) {
      g = centralDifference(model.params, i, lossOf, h / 1000);
      // At h/1000 the rounding error grows 1000× (≈ 2e-7·|L|): allow for it, still far below O(1).
      err = Math.max(0, relativeError(analytic[i], g) - 1e-6 * Math.max(1, Math.abs(lossOf())));
    }
    if (err > result.worst || result.worstIndex < 0) Object.assign(result, { worst: err, worstIndex: i, analytic: analytic[i], numeric: g });
  }
  return result;
}
