// Every N-D node kind and layer of issue 16 against TensorFlow.js: a table of small graph specs
// (plain JSON, validated by validateSpec), each compiled by tapeless in float32 (and float64 as the
// reference) and built independently in tf ops from the normalized spec (test/support/tfjs-oracle/).
// Parameters are the model's seeded ones plus uniform(−0.3, 0.3) noise, so γ ≠ 1, β ≠ 0 and biases
// ≠ 0 count; float inputs lie in [−1, 1], int32 inputs are indices in range. Loss, primary output and
// every gradient must agree within the float32 bound of test/support/compare.ts (as the examples).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSpec } from "../../src/index.ts";
import { compileAndLoad } from "../support/compile-example.ts";
import { compareWithOracle, describeComparison, runModel } from "../support/oracle-check.ts";
import { tfReady, type OracleSpec } from "../support/tfjs-oracle.ts";
import { perturb, randomNdBatch } from "../support/nd-data.ts";
import { compareArrays, compareGrads, relative, WorstTable } from "../support/compare.ts";
import { LAYER_CASES } from "../support/layer-cases.ts";

const table = new WorstTable();
beforeAll(tfReady);
afterAll(() => console.log(table.format("N-D layers, worst relative errors (f32 = tapeless float32, tf = TensorFlow.js, f64 = tapeless float64):")));

describe("N-D layers: tapeless float32 = TensorFlow.js (and both ≈ tapeless float64)", () => {
  it.each(LAYER_CASES.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
    const normalized = validateSpec(spec, { dtype: "f32" }) as unknown as OracleSpec;
    const { module: m32 } = await compileAndLoad(spec, { dtype: "f32" });
    const { module: m64 } = await compileAndLoad(spec, { dtype: "f64" });
    const model32 = new m32.Model({ seed: 5 });
    perturb(model32.params, 0.3, 23);
    const model64 = new m64.Model();
    model64.params.set(model32.params);
    for (const batch of [3, 1]) {
      const data = randomNdBatch(normalized, batch, 31 + batch);
      const widen = (a: ArrayLike<number>) => (a instanceof Int32Array ? a : Float64Array.from(a));
      const run32 = runModel(m32, model32, data.args, batch);
      const run64 = runModel(m64, model64, data.args.map(widen), batch);
      const c = compareWithOracle(normalized, m32.layout, model32.params, data.inputs, data.targets, batch, run32);
      const key = `${label.slice(0, 60)} (${batch})`;
      const f32f64 = Math.max(
        relative(run32.loss, run64.loss, 1e-3),
        compareArrays(run32.output, run64.output).worst,
        compareGrads(run32.grads, run64.grads, m32.layout.params).worst,
      );
      const tff64 = Math.max(
        relative(c.tf.loss, run64.loss, 1e-3),
        compareArrays(c.tf.output, run64.output).worst,
        compareGrads(c.tf.grads, run64.grads, m32.layout.params).worst,
      );
      table.note(key, "f32~tf", c.worst);
      table.note(key, "f32~f64", f32f64);
      table.note(key, "tf~f64", tff64);
      table.note(key, "tol", c.tolerance);
      expect(c.worst, `batch ${batch}: ${describeComparison(c)}`).toBeLessThan(c.tolerance);
      expect(f32f64, `batch ${batch}: tapeless float32 vs float64`).toBeLessThan(c.tolerance);
      expect(tff64, `batch ${batch}: TensorFlow.js vs tapeless float64`).toBeLessThan(c.tolerance);
    }
  });
});
