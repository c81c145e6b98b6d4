// Central finite differences on a sample of parameters (a few per tensor), for networks too big to
// check every parameter on every fuzz case. Same measure and tolerance as test/support/fd-oracle.ts.
//
// Kinks: relu & co. are not differentiable at 0. If the step h = 1e-6·max(1, |θ|) happens to move
// a pre-activation across 0, the central difference averages two slopes and disagrees with the
// (correct) one-sided rule. A mismatch is therefore re-measured with h/10, which crosses the kink
// only if the pre-activation is ten times closer to it; a wrong rule disagrees at every
// step size. Each try is held to the same measure and tolerance.
import type { LoadedModel } from "./load-module.ts";
import { checkGradients, rng, type Tensor } from "./finite-diff.ts";

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

/**
 * Indices of every parameter tensor such that each line of it is hit: its first and last element,
 * `perTensor` random ones, and for every axis and every position k along it, one element at k
 * with its other coordinates random (a [784, 128] kernel: every row and every column once, 912
 * elements of 100,352). A fault confined to a row or a column (a tile edge, a stride, a bound off by
 * one) is met for sure, where `perTensor` random picks would miss it almost surely.
 */
export function sampleLines(params: readonly { offset: number; length: number; shape: readonly number[] }[], perTensor: number, seed: number): number[] {
  const next = rng(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const picked = new Set<number>();
  for (const p of params) {
    const chosen = new Set([0, p.length - 1]);
    for (let j = 0; j < perTensor && chosen.size < p.length; j++) chosen.add(pick(p.length));
    p.shape.forEach((dim, axis) => {
      for (let k = 0; k < dim; k++) {
        // Row-major flat index with coordinate k on `axis`, random coordinates on the others.
        let flat = 0;
        p.shape.forEach((d, a) => (flat = flat * d + (a === axis ? k : pick(d))));
        chosen.add(flat);
      }
    });
    for (const i of chosen) picked.add(p.offset + i);
  }
  return [...picked].sort((a, b) => a - b);
}

/**
 * `model` must be float64; `lossOf` runs its loss() on fixed data. A mismatch is measured again at
 * h/10 (see checkGradients): its rounding noise, ≈ c·2e-9·|L|, is ≤ c·2e-7 of the error scale
 * (≥ 1e-2·|L|), under the tolerance for c ≤ 4 and far under it for tensors whose gradients are
 * near |L|, so the retry is held to the same bound as the first try. The worst error is reported
 * with both derivatives at its index.
 */
export function checkSampledGradients(model: LoadedModel, lossOf: () => number, tensors: readonly Tensor[], indices: readonly number[]): SampledCheck {
  const r = checkGradients(model, lossOf, tensors, indices, [10]);
  return { worst: r.worst, worstIndex: r.worstIndex, analytic: r.analytic[r.worstIndex] ?? NaN, numeric: r.numeric[r.worstIndex] ?? NaN, checked: indices.length };
}
