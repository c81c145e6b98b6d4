// One spec's gradients against central finite differences in float64, as the layer tables run it
// (conv-, pool-, norm-gradients): the model's seeded weights plus uniform(−0.3, 0.3) noise (biases
// ≠ 0 count), inputs uniform in [−1, 1], batches 3 (maxBatch) and 1, every parameter against central
// differences (test/support/finite-diff.ts: measure, FD_TOLERANCE and its justification). Kinks (a
// relu, a max): every value reaching one is a continuous function of the random inputs and perturbed
// weights, so an exact tie has probability zero; a point within the step h of a kink is measured again
// at h/10 (checkGradients' retry). Not vacuous: every parameter tensor must get a gradient above
// 1e-6 of the largest, except those `zeroGradient` names, whose gradient is 0 in exact arithmetic (a
// bias right before a batch normalization) and must stay at rounding level. With dropout, each evaluation first sets the
// generator's state (model.randomState) to one value: the function differenced is the loss under one
// fixed mask, the mask backward() reads.
import { expect } from "vitest";
import { validateSpec } from "../../src/index.ts";
import { compileAndLoad } from "./compile-example.ts";
import { checkGradients, FD_TOLERANCE } from "./finite-diff.ts";
import type { WorstTable } from "./compare.ts";
import { perturb, randomNdBatch } from "./nd-data.ts";
import type { OracleSpec } from "./tfjs-oracle/spec.ts";

export interface LayerFdOptions {
  /** Default [3, 1]; a batch normalization over a dense layer needs two rows (one row has no variance). */
  batches?: readonly number[];
  zeroGradient?: readonly string[];
}

export async function expectLayerMatchesFiniteDifferences(label: string, spec: object, table: WorstTable, options: LayerFdOptions = {}): Promise<void> {
  const { batches = [3, 1], zeroGradient = [] } = options;
  const normalized = validateSpec(spec, { dtype: "f64" }) as unknown as OracleSpec;
  const { module } = await compileAndLoad(spec, { dtype: "f64" });
  const model = new module.Model({ seed: 5 });
  perturb(model.params, 0.3, 23);
  const { params } = module.layout;
  const random = model.randomState !== undefined;
  for (const batch of batches) {
    const data = randomNdBatch(normalized, batch, 31 + batch, "f64");
    const lossOf = () => {
      if (random) model.randomState = 12345;
      return model.loss(...data.args, batch);
    };
    const r = checkGradients(model, lossOf, params, undefined, [10]);
    table.note(label.slice(0, 60), `fd(${batch})`, r.worst);
    const at = params.find((p) => r.worstIndex >= p.offset && r.worstIndex < p.offset + p.length)?.name;
    const where = `batch ${batch}: worst at ${at} [${r.worstIndex}]: analytic ${r.analytic[r.worstIndex]} vs numeric ${r.numeric[r.worstIndex]}`;
    expect(r.worst, where).toBeLessThan(FD_TOLERANCE);
    const largest = Math.max(...r.analytic.map(Math.abs));
    for (const p of params) {
      const g = Math.max(...r.analytic.slice(p.offset, p.offset + p.length).map(Math.abs));
      if (zeroGradient.includes(p.name)) expect(g, `batch ${batch}: ${p.name} should not matter`).toBeLessThan(1e-12 * largest);
      else expect(g, `batch ${batch}: ${p.name} has an all-zero gradient`).toBeGreaterThan(1e-6 * largest);
    }
  }
}
