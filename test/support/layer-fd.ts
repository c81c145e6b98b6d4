// One spec's gradients against central finite differences in float64, as the layer tables run it
// (conv-gradients, pool-gradients): the model's seeded weights plus uniform(−0.3, 0.3) noise (biases
// ≠ 0 count), inputs uniform in [−1, 1], batches 3 (maxBatch) and 1, every parameter against central
// differences (test/support/finite-diff.ts: measure, FD_TOLERANCE and its justification). Kinks (a
// relu, a max): every value reaching one is a continuous function of the random inputs and perturbed
// weights, so an exact tie has probability zero; a point within the step h of a kink is measured again
// at h/10 (checkGradients' retry). Not vacuous: every parameter tensor must get a nonzero gradient.
import { expect } from "vitest";
import { validateSpec } from "../../src/index.ts";
import { compileAndLoad } from "./compile-example.ts";
import { checkGradients, FD_TOLERANCE } from "./finite-diff.ts";
import type { WorstTable } from "./compare.ts";
import { perturb, randomNdBatch } from "./nd-data.ts";
import type { OracleSpec } from "./tfjs-oracle/spec.ts";

export async function expectLayerMatchesFiniteDifferences(label: string, spec: object, table: WorstTable): Promise<void> {
  const normalized = validateSpec(spec, { dtype: "f64" }) as unknown as OracleSpec;
  const { module } = await compileAndLoad(spec, { dtype: "f64" });
  const model = new module.Model({ seed: 5 });
  perturb(model.params, 0.3, 23);
  const { params } = module.layout;
  for (const batch of [3, 1]) {
    const data = randomNdBatch(normalized, batch, 31 + batch, "f64");
    const r = checkGradients(model, () => model.loss(...data.args, batch), params, undefined, [10]);
    table.note(label.slice(0, 60), `fd(${batch})`, r.worst);
    const at = params.find((p) => r.worstIndex >= p.offset && r.worstIndex < p.offset + p.length)?.name;
    const where = `batch ${batch}: worst at ${at} [${r.worstIndex}]: analytic ${r.analytic[r.worstIndex]} vs numeric ${r.numeric[r.worstIndex]}`;
    expect(r.worst, where).toBeLessThan(FD_TOLERANCE);
    for (const p of params) {
      const g = r.analytic.slice(p.offset, p.offset + p.length);
      expect(Math.max(...g.map(Math.abs)), `batch ${batch}: ${p.name} has an all-zero gradient`).toBeGreaterThan(0);
    }
  }
}
