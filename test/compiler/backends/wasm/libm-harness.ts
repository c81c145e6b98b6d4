// Test support for the WebAssembly math library: an instance exporting every $Math_<name>, the distance
// in ulps between two float64s, and the sample sets (special values, boundaries, log-uniform random).
import { assembleWat } from "../../../../compiler/backends/wasm/assemble.ts";
import { LIBM_NAMES, libmFunctions } from "../../../../compiler/backends/wasm/libm.ts";

export type Libm = Record<string, (...args: number[]) => number>;

export async function instantiateLibm(): Promise<Libm> {
  const names = [...LIBM_NAMES];
  const wat = ["(module", ...libmFunctions(new Set(names)), ...names.map((n) => `(export "${n}" (func $Math_${n}))`), ")"].join("\n");
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(await assembleWat(wat))), {});
  return instance.exports as unknown as Libm;
}

const f = new Float64Array(1);
const i = new BigInt64Array(f.buffer);
/** A float64's position on the number line of doubles (monotonic, −0 = +0 = 0). */
function ordinal(x: number): bigint {
  f[0] = x;
  const b = i[0]!;
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}

/** The number of doubles between a and b (0 when identical, both NaN, or ±0 equal with the same sign). */
export function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === 0 && b === 0) return Object.is(a, b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** A deterministic generator (mulberry32) of uniform numbers in [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values with magnitudes log-uniform in [2^lo, 2^hi], signs as asked. */
export function logUniform(rand: () => number, n: number, lo: number, hi: number, signs: "pos" | "both"): number[] {
  return Array.from({ length: n }, () => {
    const m = 2 ** (lo + (hi - lo) * rand()) * (1 + rand() * 1e-3);
    return signs === "both" && rand() < 0.5 ? -m : m;
  });
}

/** n values uniform in [a, b]. */
export function uniform(rand: () => number, n: number, a: number, b: number): number[] {
  return Array.from({ length: n }, () => a + (b - a) * rand());
}

export const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2, -2, 0.5, -0.5, 5e-324, -5e-324, 2.2250738585072014e-308,
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 1 - 2 ** -53, 1 + 2 ** -52, 709.782712893384, 709.7827128933841,
  -745.1332191019411, -745.1332191019412, -708.3964185322641, -708.4, 22, -22, 21.9, 1e-300, 2 ** -28, 2 ** -54, 2 ** -55, 3, 0.1, 10, 100, 1e10];
