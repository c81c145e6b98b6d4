// How far two float arrays are apart, and how far float32 results may be apart.
//
// Float32 tolerance. Unit roundoff u = 2⁻²⁴ ≈ 6e-8. A sum of k terms computed in float32 is off
// by at most ≈ k·u·Σ|terms| (worst case) and ≈ √k·u·Σ|terms| typically. A forward + backward pass
// through D dense layers chains ≈ 2D + 2 such reductions (one per matmul, one per batch sum of a
// kernel gradient, the loss mean), each at most k = max(width, batch, input size) long; errors
// add up along the chain. Both sides (tapeless and TensorFlow.js) round independently, so
//   |a − b| ≲ 2 · (2D + 2) · k · u · scale.
// `scale` is Σ|terms|, which we do not see. An entry that is small through cancellation (a bias
// gradient Σ_rows δ, a softmax-layer gradient whose classes sum to zero, an output x·W + b that
// happens to be near 0) still carries the error of its large terms, so outputs and gradients are
// compared normwise per tensor, like allclose(rtol = atol = tol) on the tensor scaled by its
// largest entry: |a − b| ≤ tol · max(|a|, |b|, max|tensor|). A wrong rule is off by O(1) here.

export const F32_EPSILON = 2 ** -24;

/** The worst-case bound above (also used for outputs and the loss: they are shorter chains). */
export function f32Tolerance(depth: number, reduction: number): number {
  return 2 * (2 * depth + 2) * Math.max(1, reduction) * F32_EPSILON;
}

export interface Difference {
  /** max over i of |a−b| / max(|a|, |b|, floor). */
  worst: number;
  index: number;
  a: number;
  b: number;
}

/**
 * Relative difference with a floor: `floorFraction` times the largest |b| in the array (plus a tiny
 * absolute floor so all-zero arrays compare equal). NaN anywhere counts as an infinite difference.
 */
export function compareArrays(a: ArrayLike<number>, b: ArrayLike<number>, floorFraction = 1, from = 0, to = a.length, absoluteFloor = 1e-30): Difference {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(b[i]));
  const floor = Math.max(floorFraction * scale, absoluteFloor);
  const result: Difference = { worst: 0, index: -1, a: NaN, b: NaN };
  if (a.length !== b.length) return { ...result, worst: Infinity };
  for (let i = from; i < to; i++) {
    const err = Math.abs(a[i] - b[i]) / Math.max(Math.abs(a[i]), Math.abs(b[i]), floor);
    const e = Number.isNaN(err) ? (Object.is(a[i], b[i]) ? 0 : Infinity) : err;
    if (e > result.worst || result.index < 0) Object.assign(result, { worst: e, index: i, a: a[i], b: b[i] });
  }
  return result;
}

/**
 * Gradients that are zero in exact arithmetic whatever the data and the weights: an attention's key
 * bias adds q·b_k to every score of a query's row, and the softmax over that row ignores a shift.
 * Both sides compute rounding noise at the scale of the other attention gradients, so such a tensor
 * is compared against the model's largest gradient entry (allclose with atol = tol · max|g|); a
 * wrong rule giving it a gradient at the scale of the others still fails.
 */
export const exactlyZeroGradient = (name: string): boolean => name.endsWith(".key.bias");

/** Per parameter tensor (each has its own scale), the worst over all of them. */
export function compareGrads(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  params: readonly { name: string; offset: number; length: number }[],
  floorFraction = 1,
): Difference & { param: string } {
  let worst: Difference & { param: string } = { worst: 0, index: -1, a: NaN, b: NaN, param: "-" };
  let global = 0;
  for (let i = 0; i < b.length; i++) global = Math.max(global, Math.abs(b[i]));
  for (const p of params) {
    const floor = exactlyZeroGradient(p.name) ? global : undefined;
    const d = compareArrays(a, b, floorFraction, p.offset, p.offset + p.length, floor);
    if (d.worst > worst.worst || worst.index < 0) worst = { ...d, param: p.name };
  }
  return worst;
}

/** |a − b| / max(|a|, |b|, floor) for scalars. */
export function relative(a: number, b: number, floor = 1e-6): number {
  const e = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
  return Number.isNaN(e) ? (Object.is(a, b) ? 0 : Infinity) : e;
}

/** Keeps the worst value seen per key, for the summary a suite prints at the end. */
export class WorstTable {
  readonly rows = new Map<string, Record<string, number>>();
  note(key: string, column: string, value: number): void {
    const row = this.rows.get(key) ?? {};
    row[column] = Math.max(row[column] ?? 0, value);
    this.rows.set(key, row);
  }
  format(title: string): string {
    const columns = [...new Set([...this.rows.values()].flatMap((r) => Object.keys(r)))];
    const lines = [...this.rows].map(([key, row]) => `  ${key.padEnd(28)} ${columns.map((c) => `${c} ${row[c] === undefined ? "   -   " : row[c].toExponential(1)}`).join("  ")}`);
    return `${title}\n${lines.join("\n")}`;
  }
}
