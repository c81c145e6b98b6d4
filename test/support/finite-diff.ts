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
