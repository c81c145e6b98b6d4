// Exact-enough references for the libm tests: exp and log in 300-bit fixed point (BigInt), and the
// error of a float64 against such a value in ulps of the float64 (fractional, signed).
const P = 300n;
const ONE = 1n << P;
const LN2 = (() => {
  let s = 0n;
  for (let i = 1n; i < 320n; i++) s += ONE / (i << i);
  return s;
})();

/** x exactly, in fixed point (x a finite double with magnitude ≥ 2^-250). */
export function fixed(x: number): bigint {
  let e = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    e++;
  }
  return (BigInt(x) << P) >> BigInt(e);
}

/** exp(X)·2^-k as fixed point, with k = round(X/ln 2) returned alongside (X fixed point, |X| < 800). */
export function expFixed(X: bigint): { m: bigint; k: number } {
  const k = Math.round(Number(X) / 2 ** Number(P) / Math.LN2);
  const r = X - BigInt(k) * LN2;
  let term = ONE;
  let sum = 0n;
  for (let n = 1n; n < 90n; n++) {
    sum += term;
    term = (term * r) >> P;
    term /= n;
  }
  return { m: sum, k };
}

/** ln(X) as fixed point (X fixed point, positive). */
export function logFixed(X: bigint): bigint {
  let k = 0n;
  while (X >= (3n * ONE) / 2n) [X, k] = [X >> 1n, k + 1n];
  while (X < (3n * ONE) / 4n) [X, k] = [X << 1n, k - 1n];
  const s = ((X - ONE) << P) / (X + ONE);
  const s2 = (s * s) >> P;
  let term = s;
  let sum = 0n;
  for (let n = 1n; n < 300n; n += 2n) {
    sum += term / n;
    term = (term * s2) >> P;
  }
  return 2n * sum + k * LN2;
}

export const FIXED_ONE = ONE;

/** (v − value·2^k) in ulps of v, value fixed point (v finite, normal, nonzero). */
export function ulpError(v: number, value: bigint, k = 0): number {
  const e = Math.floor(Math.log2(Math.abs(v)));
  const scaled = v / 2 ** k; // exact: a power of two, results stay normal here
  return Number(fixed(scaled) - value) / 2 ** Number(P) / 2 ** (e - k - 52);
}
