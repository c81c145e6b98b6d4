// Finite-difference check of the layers whose training and inference differ (issue 13), in float64
// through the whole pipeline, in training mode (what loss() and backward() run): batchNormalization
// differentiated through its batch statistics, dropout through its mask. Every parameter of every
// case of test/support/norm-cases.ts against central differences (test/support/finite-diff.ts:
// FD_TOLERANCE and its justification), at batch 3 (maxBatch) and batch 2.
//
// Dropout draws a fresh mask on every loss() call: each evaluation first sets the generator's state
// (model.randomState) to one value, so the function differenced is the loss under one fixed mask,
// the mask backward() reads. Batch norm's state updates do not feed the training loss.
import { afterAll, describe, expect, it } from "vitest";
import { validateSpec } from "../../../src/index.ts";
import { compileAndLoad } from "../../support/compile-example.ts";
import { checkGradients, FD_TOLERANCE } from "../../support/finite-diff.ts";
import { WorstTable } from "../../support/compare.ts";
import { perturb, randomNdBatch } from "../../support/nd-data.ts";
import { BATCH_NORM_CASES, DROPOUT_CASES } from "../../support/norm-cases.ts";
import type { OracleSpec } from "../../support/tfjs-oracle/spec.ts";

const table = new WorstTable();
afterAll(() => console.log(table.format("batchNormalization / dropout vs central finite differences (float64), worst scaled error per case:")));

describe("batchNormalization and dropout in training mode: gradients vs central finite differences (float64)", () => {
  it.each([...BATCH_NORM_CASES, ...DROPOUT_CASES].map((c) => [c.label, c] as const))("%s", { timeout: 60_000 }, async (label, { spec, zeroGradient = [] }) => {
    const normalized = validateSpec(spec, { dtype: "f64" }) as unknown as OracleSpec;
    const { module } = await compileAndLoad(spec, { dtype: "f64" });
    const model = new module.Model({ seed: 5 });
    perturb(model.params, 0.3, 23);
    const { params } = module.layout;
    const random = model.randomState !== undefined;
    for (const batch of [3, 2]) {
      const data = randomNdBatch(normalized, batch, 31 + batch, "f64");
      const lossOf = () => {
        if (random) model.randomState = 12345;
        return model.loss(...data.args, batch);
      };
      const r = checkGradients(model, lossOf, params, undefined, [10]);
      table.note(label.slice(0, 60), `fd(${batch})`, r.worst);
      const at = params.find((p) => r.worstIndex >= p.offset && r.worstIndex < p.offset + p.length)?.name;
      expect(r.worst, `batch ${batch}: worst at ${at} [${r.worstIndex}]: analytic ${r.analytic[r.worstIndex]} vs numeric ${r.numeric[r.worstIndex]}`).toBeLessThan(FD_TOLERANCE);
      // Not vacuous: every parameter tensor gets a gradient, except a bias right before a batch
      // normalization, whose gradient is 0 in exact arithmetic (rounding leaves ~1e-17).
      const largest = Math.max(...r.analytic.map(Math.abs));
      for (const p of params) {
        const g = Math.max(...r.analytic.slice(p.offset, p.offset + p.length).map(Math.abs));
        if (zeroGradient.includes(p.name)) expect(g, `batch ${batch}: ${p.name} should not matter`).toBeLessThan(1e-12 * largest);
        else expect(g, `batch ${batch}: ${p.name} has an all-zero gradient`).toBeGreaterThan(1e-6 * largest);
      }
    }
  });
});
