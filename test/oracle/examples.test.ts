// Every example network against TensorFlow.js: the same spec built in tf (test/support/tfjs-oracle.ts)
// from the same parameters and data. Loss, outputs and every parameter gradient of the float32
// module must match tf within the float32 bound of test/support/compare.ts, and both float32
// results must match the float64 module (the reference, rounding ~1e-16) within the same bound:
// each of the two runs in float32 against an exact-to-float32 reference, so the pairwise bound
// (two independent roundings) covers either one alone.
// A network with dropout (cnn) is compared with its rate set to 0: tf cannot draw tapeless's masks;
// batch normalization stays, in training mode (loss, backward) as tf computes it from the batch.
// Dropout itself is checked statistically and for determinism (test/compiler/layers/dropout.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateSpec } from "../../src/index.ts";
import { exampleSpecs } from "../support/examples.ts";
import { compileAndLoad, specBatch } from "../support/compile-example.ts";
import { compareWithOracle, describeComparison, runModel } from "../support/oracle-check.ts";
import { tfReady } from "../support/tfjs-oracle.ts";
import { compareArrays, compareGrads, relative, WorstTable } from "../support/compare.ts";

const table = new WorstTable();
beforeAll(tfReady);
afterAll(() => console.log(table.format("worst relative errors (f32 = tapeless float32, tf = TensorFlow.js, f64 = tapeless float64 reference):")));

describe("example networks: tapeless float32 = TensorFlow.js (and both ≈ tapeless float64)", async () => {
  const specs = await exampleSpecs();
  it.each(specs)("%s", { timeout: 120_000 }, async (file, original) => {
    const spec = withoutDropout(original);
    const normalized = validateSpec(spec, { dtype: "f32" });
    const [{ module: m32 }, { module: m64 }] = [
      await compileAndLoad(spec, { dtype: "f32" }),
      await compileAndLoad(spec, { dtype: "f64" }),
    ];
    const model32 = new m32.Model({ seed: 11 });
    const model64 = new m64.Model();
    model64.params.set(model32.params); // float32 values, exactly representable in both
    const maxBatch = m32.layout.maxBatch;
    for (const batch of new Set([maxBatch, Math.max(1, Math.ceil(maxBatch / 3))])) {
      const data = specBatch(spec, m32, batch, 17 + batch);
      const run32 = runModel(m32, model32, data.args, batch);
      const run64 = runModel(m64, model64, data.args.map((a) => (a instanceof Int32Array ? a : Float64Array.from(a))), batch);
      const c = compareWithOracle(normalized, m32.layout, model32.params, data.inputs, data.targets, batch, run32);
      expect(c.worst, describeComparison(c)).toBeLessThan(c.tolerance);

      // Both float32 results against the float64 reference.
      const tf = c.tf;
      const key = `${file.replace(".net.ts", "")} (batch ${batch})`;
      const f32f64 = Math.max(relative(run32.loss, run64.loss, 1e-3), compareArrays(run32.output, run64.output).worst, compareGrads(run32.grads, run64.grads, m32.layout.params).worst);
      const tff64 = Math.max(relative(tf.loss, run64.loss, 1e-3), compareArrays(tf.output, run64.output).worst, compareGrads(tf.grads, run64.grads, m32.layout.params).worst);
      table.note(key, "f32~tf", c.worst);
      table.note(key, "f32~f64", f32f64);
      table.note(key, "tf~f64", tff64);
      table.note(key, "tol", c.tolerance);
      expect(f32f64, "tapeless float32 vs float64").toBeLessThan(c.tolerance);
      expect(tff64, "TensorFlow.js vs tapeless float64").toBeLessThan(c.tolerance);
    }
  });
});

/** The spec with every dropout rate 0 (the identity in both modes); layer lists and graphs alike. */
function withoutDropout(spec: unknown): unknown {
  const s = spec as { layers?: Record<string, unknown>[]; nodes?: Record<string, Record<string, unknown>> };
  const off = (l: Record<string, unknown>) => (l.type === "dropout" ? { ...l, rate: 0 } : l);
  if (s.layers) return { ...s, layers: s.layers.map(off) };
  if (s.nodes) return { ...s, nodes: Object.fromEntries(Object.entries(s.nodes).map(([k, v]) => [k, off(v)])) };
  return spec;
}
