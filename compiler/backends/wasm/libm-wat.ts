// Helpers for writing the WebAssembly math library: exact float constants (hex literals, so the
// assembler cannot round them differently), Horner polynomials, and ln 2 split into exact parts.

/** A float64 as an exact WebAssembly hex literal. */
export function hex(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0x0p+0" : "0x0p+0";
  const bits = new DataView(new Float64Array([x]).buffer).getBigUint64(0, true);
  const sign = bits >> 63n ? "-" : "";
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & 0xfffffffffffffn).toString(16).padStart(13, "0");
  return exp === 0 ? `${sign}0x0.${mant}p-1022` : `${sign}0x1.${mant}p${exp - 1023}`;
}

/** `(f64.const x)` with x exact. */
export const k = (x: number): string => `(f64.const ${hex(x)})`;

/** c0 + x·(c1 + x·(c2 + …)) as WebAssembly, x being an expression evaluated once per use (a local.get). */
export function horner(x: string, coeffs: number[]): string {
  return coeffs.reduceRight((acc, c) => (acc === "" ? k(c) : `(f64.add ${k(c)} (f64.mul ${x} ${acc}))`), "");
}

/** 1/n! rounded once (n! is exact in float64 up to 22!). */
export function invFactorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return 1 / f;
}

/** ln 2 to 2⁻¹⁶⁰, as a BigInt scaled by 2^P: Σ 1/(k·2^k). */
const P = 160n;
function ln2Big(): bigint {
  let sum = 0n;
  for (let i = 1n; i < 170n; i++) sum += (1n << P) / (i << i);
  return sum;
}
const toBig = (x: number): bigint => BigInt(x * 2 ** 80) << (P - 80n); // exact for |x| < 2^-27·2^53 with ≤ 80 fraction bits
const fromBig = (b: bigint): number => Number(b) / 2 ** Number(P); // Number() rounds to nearest; the division is exact

/** ln 2 = LN2 + LN2_TAIL (double-double); LN2_HI (32 significant bits, so k·LN2_HI is exact for |k| < 2^21) + LN2_LO. */
export const LN2 = Math.LN2;
export const LN2_TAIL = fromBig(ln2Big() - toBig(Math.LN2));
export const LN2_HI = (() => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, Math.LN2);
  v.setBigUint64(0, v.getBigUint64(0) & ~((1n << 21n) - 1n));
  return v.getFloat64(0);
})();
export const LN2_LO = fromBig(ln2Big() - toBig(LN2_HI));
