// Central finite differences of a model's loss with respect to its parameters, in float64, compared
// with the compiled backward pass through the tests' own oracle (test/support/fd-oracle.ts: the
// error measure and the justification of FD_TOLERANCE are there).
import { rng } from "../../src/cli/gradient-check.ts";
import { central, FD_TOLERANCE, scaledError, scaleOf, stepFor } from "./fd-oracle.ts";
import type { LoadedModel } from "./load-module.ts";

/** Deterministic pseudo-random numbers for test data (mulberry32), the same as `tapeless check`. */
export { rng, FD_TOLERANCE };

/** A parameter tensor: its slice of the flat buffer (the error scale is per tensor). */
export type Tensor = { offset: number; length: number };

export interface GradientCheck {
  worst: number;
  worstIndex: number;
  analytic: number[];
  numeric: number[];
}

/**
 * Checks the parameters at `indices` (default: all of them) of the `tensors` (module.layout.params).
 * `retrySteps`: on a mismatch, measure again with h / d for each d (each held to the same measure
 * and tolerance, never a looser one): a step that crossed a kink of relu & co. averages two slopes,
 * a smaller one no longer does; a wrong rule disagrees at every step size.
 */
export function checkGradients(
  model: LoadedModel,
  lossOf: () => number,
  tensors: readonly Tensor[],
  indices?: readonly number[],
  retrySteps: readonly number[] = [],
): GradientCheck {
  const loss = lossOf();
  model.backward();
  const analytic = Array.from(model.grads);
  const numeric: number[] = [];
  const chosen = indices ?? [...analytic.keys()];
  for (const i of chosen) numeric[i] = central(model.params, i, lossOf);
  let worst = 0;
  let worstIndex = -1;
  for (const t of tensors) {
    const inside = chosen.filter((i) => i >= t.offset && i < t.offset + t.length);
    const scale = scaleOf(inside.map((i) => numeric[i]!), loss);
    for (const i of inside) {
      let err = scaledError(analytic[i]!, numeric[i]!, scale);
      for (const d of retrySteps) {
        if (err < FD_TOLERANCE) break;
        numeric[i] = central(model.params, i, lossOf, stepFor(model.params[i]!) / d);
        err = scaledError(analytic[i]!, numeric[i]!, scale);
      }
      if (err > worst || worstIndex < 0) {
        worst = err;
        worstIndex = i;
      }
    }
  }
  return { worst, worstIndex, analytic, numeric };
}

/**
 * Tensors whose gradient is zero in exact arithmetic whatever the data and weights (compare.ts
 * exactlyZeroGradient: an attention's key bias, which shifts every score of a query's row alike, and
 * the softmax ignores the shift). The central difference there is rounding noise (≈ c·2e-10·|L|) and
 * checkGradients holds it to the loss floor of fd-oracle.ts, i.e. |a − n| ≤ 1e-8·|L| absolute; this
 * states the stronger fact outright: the compiled gradient is zero up to float64 rounding of the
 * sums that cancel, ≲ k·ε·max|g| ≈ 1e3 · 2.2e-16 ≈ 2e-13 of the model's largest gradient for k ≤ 1e3
 * terms (measured ≈ 3e-17). A rule that gave the key bias a gradient, even 1e-6 of the others', fails.
 */
export const EXACTLY_ZERO_BOUND = 1e-12;

/** For each tensor named by `isZero`, max |g| over the tensor divided by max |g| over the model. */
export function zeroGradientRatios(
  grads: ArrayLike<number>,
  tensors: readonly (Tensor & { name: string })[],
  isZero: (name: string) => boolean,
): { name: string; ratio: number }[] {
  let global = 0;
  for (let i = 0; i < grads.length; i++) global = Math.max(global, Math.abs(grads[i]!));
  return tensors
    .filter((t) => isZero(t.name))
    .map((t) => {
      let m = 0;
      for (let i = t.offset; i < t.offset + t.length; i++) m = Math.max(m, Math.abs(grads[i]!));
      return { name: t.name, ratio: global > 0 ? m / global : m };
    });
}
