// Finite-difference check of the conv2d, conv1d and depthwiseConv2d layers (issue 13; the table of
// test/support/conv-cases.ts, which the TensorFlow.js oracle runs too), in float64 through the whole
// pipeline: spec → lowering (compiler/layers/conv.ts) → module. Every parameter of every case against
// central differences (test/support/finite-diff.ts: measure, FD_TOLERANCE and its justification), at
// batch 3 (maxBatch) and batch 1. The cases TensorFlow.js cannot compute (strides > 1 with dilation > 1)
// are checked here.
//
// Weights and data as the oracle's: the model's seeded initialization plus uniform(−0.3, 0.3) noise
// (biases ≠ 0 count), inputs uniform in [−1, 1]. Kinks (a relu): every value reaching one is a
// continuous function of the random inputs and perturbed weights, so an exact zero has probability
// zero; a point within the step h of a kink is measured again at h/10 (checkGradients' retry).
import { afterAll, describe, expect, it } from "vitest";
import { validateSpec } from "../../../src/index.ts";
import { compileAndLoad } from "../../support/compile-example.ts";
import { checkGradients, FD_TOLERANCE } from "../../support/finite-diff.ts";
import { WorstTable } from "../../support/compare.ts";
import { perturb, randomNdBatch } from "../../support/nd-data.ts";
import { CONV_CASES } from "../../support/conv-cases.ts";
import type { OracleSpec } from "../../support/tfjs-oracle/spec.ts";

const table = new WorstTable();
afterAll(() => console.log(table.format("conv layers vs central finite differences (float64), worst scaled error per case:")));

describe("conv2d / conv1d / depthwiseConv2d layers: gradients vs central finite differences (float64)", () => {
  it.each(CONV_CASES.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
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
      // Not vacuous: every parameter tensor gets a gradient.
      for (const p of params) {
        const g = r.analytic.slice(p.offset, p.offset + p.length);
        expect(Math.max(...g.map(Math.abs)), `batch ${batch}: ${p.name} has an all-zero gradient`).toBeGreaterThan(0);
      }
    }
  });
});
