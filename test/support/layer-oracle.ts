// One graph spec against TensorFlow.js, as the layer oracle tests run it: compiled by tapeless in
// float32 and float64 from identical weights (the seeded ones plus uniform(−0.3, 0.3) noise), run on
// batches of 3 and 1, and built independently in tf ops from the normalized spec. The three pairwise
// errors (f32~tf, f32~f64, tf~f64) over loss, output and every gradient are noted in the table and
// must each stay under the comparison's float32 tolerance (capped by `bound`, when an issue sets one).
import { expect } from "vitest";
import { validateSpec } from "../../src/index.ts";
import { compileAndLoad } from "./compile-example.ts";
import { compareWithOracle, describeComparison, runModel } from "./oracle-check.ts";
import type { OracleSpec } from "./tfjs-oracle.ts";
import { perturb, randomNdBatch } from "./nd-data.ts";
import { compareArrays, compareGrads, relative, type WorstTable } from "./compare.ts";

export async function expectLayerMatchesOracle(label: string, spec: object, table: WorstTable, bound = Infinity): Promise<void> {
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
    const tolerance = Math.min(c.tolerance, bound);
    table.note(key, "f32~tf", c.worst);
    table.note(key, "f32~f64", f32f64);
    table.note(key, "tf~f64", tff64);
    table.note(key, "tol", tolerance);
    expect(c.worst, `batch ${batch}: ${describeComparison(c)}`).toBeLessThan(tolerance);
    expect(f32f64, `batch ${batch}: tapeless float32 vs float64`).toBeLessThan(tolerance);
    expect(tff64, `batch ${batch}: TensorFlow.js vs tapeless float64`).toBeLessThan(tolerance);
  }
}
