// The tests' own finite differences, written apart from `tapeless check` (src/cli/gradient-check.ts)
// so that a bug there cannot hide the same bug in the compiler: central and one-sided differences
// and the scaled error measure, each tested against functions with known derivatives.
//
// Error measure: |a − n| / max(|a|, |n|, scale), scale = the tensor's largest |n|, at least
// 1e-2·|loss|. With h = 1e-6·max(1, |θ|) a central difference is off by ≈ h²·|L‴|/6 (truncation)
// plus ≈ c·ε·|L|/h ≈ c·2e-10·|L| (rounding; c ≈ 1–5 as the loss's own sums round), so against a
// scale ≥ 1e-2·|L| the noise is ≤ c·2e-8: FD_TOLERANCE = 1e-6 sits 50× above it, and a wrong rule
// is off by O(1). Tensors whose gradients are all far below the loss are held to 1e-8·|L| absolute.

export const FD_TOLERANCE = 1e-6;
const LOSS_FLOOR = 1e-2;

type Params = { [i: number]: number };

/** The default step: relative to |θ|, so the perturbation is visible in θ's own precision. */
export const stepFor = (theta: number) => 1e-6 * Math.max(1, Math.abs(theta));

/** (L(θ + h) − L(θ − h)) / 2h at params[i], restoring params[i]. */
export function central(params: Params, i: number, lossOf: () => number, h = stepFor(params[i]!)): number {
  const theta = params[i]!;
  params[i] = theta + h;
  const up = lossOf();
  params[i] = theta - h;
  const down = lossOf();
  params[i] = theta;
  return (up - down) / (2 * h);
}

/**
 * (3L(θ) − 4L(θ − h) + L(θ − 2h)) / 2h: the derivative from below, for a point on a kink, second
 * order (truncation ≈ h²·|L‴|/3, rounding ≈ 4·ε·|L|/h: the same size as a central difference's).
 */
export function fromBelow(params: Params, i: number, lossOf: () => number, h = stepFor(params[i]!)): number {
  const theta = params[i]!;
  const here = lossOf();
  params[i] = theta - h;
  const down = lossOf();
  params[i] = theta - 2 * h;
  const down2 = lossOf();
  params[i] = theta;
  return (3 * here - 4 * down + down2) / (2 * h);
}

/** The error scale of one tensor's numeric derivatives (see the header). */
export function scaleOf(numeric: Iterable<number>, loss: number): number {
  let s = LOSS_FLOOR * Math.abs(loss);
  for (const g of numeric) if (Math.abs(g) > s) s = Math.abs(g);
  return s;
}

/** |a − n| / max(|a|, |n|, scale); 0 when equal, Infinity for NaN. */
export function scaledError(a: number, n: number, scale: number): number {
  if (a === n) return 0;
  const e = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), scale);
  return e === e ? e : Infinity;
}
