// Both finite-difference oracles (the tests' own, test/support/fd-oracle.ts, and the one `tapeless
// check` runs, src/cli/gradient-check.ts) against functions whose derivatives are known, from tiny
// to large gradients and parameters: they agree with the truth within FD_TOLERANCE, and a
// derivative off by 1e-4 (relative) is flagged at every scale, also where all gradients are ≪ 1
// (normwise: an entry far below its tensor's largest, like e⁻⁷⁵ next to e⁴⁰, is held to the
// tensor's scale, so only entries within 1e-2 of it must be flagged).
import { describe, expect, it } from "vitest";
import { central, FD_TOLERANCE, fromBelow, scaledError, scaleOf } from "./fd-oracle.ts";
import { centralDifference, errorScale, relativeError } from "../../src/cli/gradient-check.ts";

/** L(θ) = s·Σ f(θᵢ) with the exact ∂L/∂θᵢ = s·f′(θᵢ). */
const FUNCTIONS: [string, (t: number) => number, (t: number) => number][] = [
  ["sin", Math.sin, Math.cos],
  ["exp", Math.exp, Math.exp],
  ["cube", (t) => t ** 3, (t) => 3 * t ** 2],
  ["log(1 + t²)", (t) => Math.log1p(t * t), (t) => (2 * t) / (1 + t * t)],
];
const SCALES = [1e-8, 1e-4, 1, 1e4];
const THETAS = [[0.3, -0.7, 1.1], [1e-3, -2e-3, 5e-4], [40, -75, 12]];

const ORACLES = [
  { name: "test/support/fd-oracle", diff: central, error: scaledError, scale: scaleOf },
  { name: "src/cli/gradient-check", diff: centralDifference, error: relativeError, scale: errorScale },
];

describe.each(ORACLES)("$name", ({ diff, error, scale }) => {
  const cases = FUNCTIONS.flatMap(([name, f, df]) => SCALES.flatMap((s) => THETAS.map((thetas) => ({ name, f, df, s, thetas }))));
  it.each(cases)("$name × $s at $thetas", ({ f, df, s, thetas }) => {
    const params = Float64Array.from(thetas);
    const loss = () => s * params.reduce((sum, t) => sum + f(t), 0);
    const numeric = thetas.map((_, i) => diff(params, i, loss));
    expect(Array.from(params)).toEqual(thetas); // restored
    const sc = scale(numeric, loss());
    thetas.forEach((t, i) => {
      const exact = s * df(t);
      expect(error(exact, numeric[i]!, sc), `exact ${exact}, numeric ${numeric[i]}`).toBeLessThan(FD_TOLERANCE);
      if (Math.abs(exact) >= 1e-2 * sc) expect(error(exact * (1 + 1e-4), numeric[i]!, sc)).toBeGreaterThan(FD_TOLERANCE);
    });
  });

  it("is 0 for equal values and Infinity for NaN", () => {
    expect(error(0, 0, 0)).toBe(0);
    expect(error(NaN, 1, 1)).toBe(Infinity);
    expect(error(1, NaN, 1)).toBe(Infinity);
  });
});

describe("fromBelow: the derivative on a kink, from the left (second order)", () => {
  it.each([0.1, 0.3, 1.7])("(elu_α(x) + 1)² at 0 with α = %s: 2α from below (2 from above)", (alpha) => {
    // L(x) = (elu_α(x) + 1)², L′(0⁻) = 2·α·(elu(0) + 1) = 2α; from above it would be 2.
    const params = Float64Array.from([0]);
    const elu = (x: number) => (x > 0 ? x : alpha * Math.expm1(x));
    const loss = () => (elu(params[0]!) + 1) ** 2;
    expect(scaledError(2 * alpha, fromBelow(params, 0, loss), scaleOf([2 * alpha], loss()))).toBeLessThan(FD_TOLERANCE);
    expect(params[0]).toBe(0);
  });
});
