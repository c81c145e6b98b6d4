// Every example, compiled for both targets from the same spec and seed: outputs, losses and gradients
// agree within 1e-5 in float32 and 1e-12 in float64, and 100 training steps follow the same curve
// within 1e-4. Differences are measured relative to the array's largest magnitude (normwise): an
// element's own magnitude is no scale for a gradient that cancels to nearly 0. The bounds are the
// issue's: the WebAssembly kernels may sum a product in another order (SIMD lanes), which in float32
// moves a sum of K terms by about √K·2⁻²⁴ of its size (K ≤ 1,024 here: 2e-6), well inside 1e-5.
import { describe, expect, it } from "vitest";
import { exampleSpecs } from "../../../support/examples.ts";
import { compileAndLoad, specBatch } from "../../../support/compile-example.ts";

const BATCH = 3;
const STEPS = 100;
const BOUND = { f32: 1e-5, f64: 1e-12 };

/** max |a − b| over max |a| (0 when both are all zeros). */
function normwise(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  return diff === 0 ? 0 : diff / scale;
}

describe("the WebAssembly target computes what the JavaScript target computes", async () => {
  const specs = await exampleSpecs();
  const cases = specs.flatMap(([file, spec]) => (["f32", "f64"] as const).map((dtype) => [`${file} ${dtype}`, spec, dtype] as const));

  it.each(cases)("%s", async (_label, spec, dtype) => {
    const js = (await compileAndLoad(spec, { dtype, target: "js" })).module;
    const wasm = (await compileAndLoad(spec, { dtype, target: "wasm" })).module;
    const [a, b] = [new js.Model({ seed: 3 }), new wasm.Model({ seed: 3 })];
    expect(normwise(a.params, b.params)).toBe(0); // the same initialization code, on the instance's memory
    const { args } = specBatch(spec, js, BATCH, 11);
    const inputs = args.slice(0, js.layout.inputs.length);
    const bound = BOUND[dtype];

    expect(normwise(a.forward(...inputs, BATCH), b.forward(...inputs, BATCH))).toBeLessThanOrEqual(bound);
    const [la, lb] = [a.loss(...args, BATCH), b.loss(...args, BATCH)];
    expect(Math.abs(la - lb) / Math.abs(la)).toBeLessThanOrEqual(bound);
    a.backward();
    b.backward();
    expect(normwise(a.grads, b.grads)).toBeLessThanOrEqual(bound);
    expect(normwise(a.state, b.state)).toBeLessThanOrEqual(bound);

    // training: the same batches (dropout's masks from the same generator state), 100 steps
    let worst = 0;
    for (let step = 0; step < STEPS; step++) {
      const batch = specBatch(spec, js, BATCH, 100 + (step % 5)).args;
      const [ta, tb] = [a.trainStep(...batch, BATCH), b.trainStep(...batch, BATCH)];
      worst = Math.max(worst, Math.abs(ta - tb) / Math.abs(ta));
    }
    expect(worst, "training curves").toBeLessThanOrEqual(1e-4);
    expect(a.randomState).toBe(b.randomState);
  });
});
