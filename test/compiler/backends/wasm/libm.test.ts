// The WebAssembly math library (compiler/backends/wasm/libm.ts) against JavaScript's Math: special cases
// exactly, and at most 1 ulp apart on 10^5 random arguments per function (tanh 2: V8's own tanh errs by up
// to 1.9 ulp, ours by ≤ 0.51), log-uniform magnitudes of both signs, near 0 and near overflow.
import { beforeAll, describe, expect, it } from "vitest";
import { assembleWat } from "../../../../compiler/backends/wasm/assemble.ts";
import { LIBM_NAMES, libmFunctions } from "../../../../compiler/backends/wasm/libm.ts";
import { SPECIALS, instantiateLibm, logUniform, random, ulps, uniform, type Libm } from "./libm-harness.ts";

const N = 100_000;
/** Max ulps from Math.<name>, per function. */
const BOUND: Record<string, number> = { exp: 1, expm1: 1, log: 1, log1p: 1, tanh: 2, pow: 1, sign: 0 };

let L: Libm;
beforeAll(async () => {
  L = await instantiateLibm();
});

/** The largest distance in ulps from Math.<name> over the arguments (and where). */
function worst(name: string, args: number[][]): { ulps: number; at: number[] } {
  const ref = (Math as unknown as Record<string, (...a: number[]) => number>)[name]!;
  let w = { ulps: 0, at: [] as number[] };
  for (const a of args) {
    const u = ulps(L[name]!(...a), ref(...a));
    if (u > w.ulps) w = { ulps: u, at: a };
  }
  return w;
}

const rand = random(20260602);
const unary: Record<string, number[]> = {
  exp: [...logUniform(rand, N, -60, 9.48, "both"), ...uniform(rand, N / 10, -745.2, 709.8), ...uniform(rand, 1000, 709, 709.79), ...uniform(rand, 1000, -745.2, -708)],
  expm1: [...logUniform(rand, N, -70, 9.48, "both"), ...uniform(rand, N / 10, -3, 3), ...uniform(rand, 1000, 699, 709.79), ...uniform(rand, 1000, -40, -30)],
  log: [...logUniform(rand, N, -1074, 1023.9, "pos"), ...uniform(rand, N / 10, 0.5, 2), ...uniform(rand, 1000, 1 - 1e-6, 1 + 1e-6)],
  log1p: [...logUniform(rand, N, -70, 1023, "pos"), ...logUniform(rand, N / 2, -70, 0, "both").map((x) => (x <= -1 ? -0.5 : x)), ...uniform(rand, 1000, -1, -0.99)],
  tanh: [...logUniform(rand, N, -40, 5, "both"), ...uniform(rand, N / 10, -3, 3), ...uniform(rand, 1000, 18, 23)],
  sign: [...logUniform(rand, 1000, -1074, 1023, "both")],
};

/** (x, y) pairs: x log-uniform over all positive doubles, y such that |y·ln x| ≤ 760 (results over the
 *  whole range, through overflow and underflow), half of them integers; negative x with integer y. */
function powArgs(): number[][] {
  const xs = logUniform(rand, N, -1074, 1023.9, "pos");
  return xs.flatMap((x, i) => {
    const y = ((rand() * 2 - 1) * 760) / Math.log(x) * (i % 3 === 0 ? rand() : 1);
    return i % 2 === 0 ? [[x, y]] : [[x, Math.round(y)], [-x, Math.round(y)]];
  });
}

describe("WebAssembly libm", () => {
  it("each function alone brings what it calls (the module assembles), and nothing for other names", async () => {
    for (const name of LIBM_NAMES) await assembleWat(["(module", ...libmFunctions(new Set([name])), `(export "f" (func $Math_${name})))`].join("\n"));
    expect(libmFunctions(new Set(["sin", "atan2"]))).toEqual([]);
  });

  it.each(Object.keys(unary))("%s: special values exactly, random arguments within the bound", (name) => {
    for (const x of SPECIALS) {
      const [a, b] = [L[name]!(x), (Math as unknown as Record<string, (x: number) => number>)[name]!(x)];
      if (!Number.isFinite(b) || b === 0 || Number.isNaN(b) || Math.abs(b) === 1) expect(Object.is(a, b), `${name}(${x}) = ${a}, not ${b}`).toBe(true);
    }
    const w = worst(name, [...SPECIALS, ...unary[name]!].map((x) => [x]));
    console.log(`libm ${name}: max ${w.ulps} ulp from Math.${name} (at ${w.at})`);
    expect(w.ulps, `at ${w.at}`).toBeLessThanOrEqual(BOUND[name]!);
  });

  it("pow: JavaScript's special cases exactly, random arguments within the bound, exact integer powers", () => {
    const values = [...SPECIALS, -3, 3, 0.25, -0.25, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e300, -1e-300];
    for (const x of values) for (const y of values) {
      const [a, b] = [L.pow!(x, y), Math.pow(x, y)];
      if (!Number.isFinite(b) || b === 0 || Number.isNaN(b)) expect(Object.is(a, b), `pow(${x}, ${y}) = ${a}, not ${b}`).toBe(true);
      else expect(ulps(a, b), `pow(${x}, ${y})`).toBeLessThanOrEqual(1);
    }
    for (const [x, y, r] of [[2, 10, 1024], [3, 20, 3486784401], [10, 15, 1e15], [7, 18, 1628413597910449], [-3, 3, -27], [2, -1074, 5e-324], [0.5, 3, 0.125], [10, -2, 0.01], [1.5, 2, 2.25], [4, 0.5, 2]])
      expect(L.pow!(x!, y!), `pow(${x}, ${y})`).toBe(r);
    const w = worst("pow", powArgs());
    console.log(`libm pow: max ${w.ulps} ulp from Math.pow (at ${w.at})`);
    expect(w.ulps, `at ${w.at}`).toBeLessThanOrEqual(BOUND.pow!);
  });
});
