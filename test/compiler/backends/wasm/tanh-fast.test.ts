// The WebAssembly target's tanh (math.ts, tanh_fast): within 25 ulp of Math.tanh everywhere (the
// bound its comment states: e^{2|x|}'s rounding after the subtraction, at |x| just above 1/16), and
// exactly Math.tanh's special values (±0 keeps its sign, NaN, ±∞, saturation at ±1).
import { describe, expect, it } from "vitest";
import { assembleWat } from "../../../../compiler/backends/wasm/assemble.ts";
import { mathCall, mathFunctions, mathImports, type Imports } from "../../../../compiler/backends/wasm/math.ts";
import { logUniform, random, SPECIALS, ulps, uniform } from "./libm-harness.ts";

async function tanhFast(): Promise<(x: number) => number> {
  const imports: Imports = new Map();
  const call = mathCall(imports, "tanh", [{ code: "(local.get $x)", type: "f64" }], () => "$t");
  const wat = ["(module", ...mathImports(imports), ...mathFunctions(imports), `(func (export "tanh") (param $x f64) (result f64) ${call.code})`, ")"].join("\n");
  const module = new WebAssembly.Module(new Uint8Array(await assembleWat(wat)));
  return (new WebAssembly.Instance(module, { Math: Math as unknown as WebAssembly.ModuleImports }).exports as { tanh: (x: number) => number }).tanh;
}

describe("tanh in the WebAssembly target", () => {
  it("imports only the host's exp", async () => {
    const imports: Imports = new Map();
    mathCall(imports, "tanh", [{ code: "(local.get $x)", type: "f64" }], () => "$t");
    expect(mathImports(imports)).toEqual(['(import "Math" "exp" (func $Math_exp (param f64) (result f64)))']);
  });

  it("is Math.tanh on its special values and within 25 ulp elsewhere", async () => {
    const tanh = await tanhFast();
    for (const x of [...SPECIALS, 1e-300, -1e-300, 0.0625, -0.0625, 0.0624999, 19, 22, 400, -400]) {
      expect(ulps(tanh(x), Math.tanh(x)), `tanh(${x})`).toBeLessThanOrEqual(Number.isFinite(x) && Math.abs(x) > 0 ? 25 : 0);
    }
    const rand = random(7);
    const xs = [...logUniform(rand, 40_000, 1e-12, 30, "both"), ...uniform(rand, 40_000, -0.2, 0.2), ...uniform(rand, 20_000, -3, 3)];
    let worst = 0;
    for (const x of xs) worst = Math.max(worst, ulps(tanh(x), Math.tanh(x)));
    expect(worst).toBeLessThanOrEqual(25);
    expect(worst).toBeGreaterThan(0); // (a different formula from V8's: some do differ)
  });
});
