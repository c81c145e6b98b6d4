// Finite-difference check of every N-D spec node, layer and loss form of issue 16 (the table of
// test/support/layer-cases.ts, the same specs the TensorFlow.js oracle runs in test/oracle/layers.test.ts),
// in float64 through the whole pipeline: spec → lowering (compiler/layers/) → module. Every parameter of
// every case, against central differences (test/support/finite-diff.ts: measure, FD_TOLERANCE and its
// justification), at batch 3 (maxBatch) and batch 1. Each case is compiled once.
//
// Weights and data, as the oracle's: the model's seeded initialization plus uniform(−0.3, 0.3) noise
// (γ ≠ 1, β ≠ 0 and biases ≠ 0 count), float inputs uniform in [−1, 1], int32 inputs and targets
// indices in range (test/support/nd-data.ts).
//
// Kinks (relu, abs at 0, max, maximum/minimum at a tie): in this table every value that reaches one is
// a continuous function of the random float inputs and the perturbed weights (through a dense layer
// first), so an exact tie or an exact zero has probability zero, and no case builds one by construction
// (no max over rows gathered with repeated indices, no maximum(a, a)); a new case must keep it so. A
// point that lies within the step h ≈ 1e-6 of a kink is measured again at h/10 (checkGradients'
// retry, as in fd-sampled.ts), held to the same measure and tolerance; a wrong rule fails at both.
//
// Exactly-zero gradients: an attention's key bias (test/support/compare.ts exactlyZeroGradient) has a
// zero gradient in exact arithmetic. Its central differences are rounding noise held to the loss floor
// of fd-oracle.ts (1e-8·|L| absolute), and its compiled gradient is required to be zero up to float64
// rounding, ≤ EXACTLY_ZERO_BOUND of the model's largest gradient (finite-diff.ts), stated separately.
import { afterAll, describe, expect, it } from "vitest";
import { validateSpec } from "../../../src/index.ts";
import { compileAndLoad } from "../../support/compile-example.ts";
import { checkGradients, EXACTLY_ZERO_BOUND, FD_TOLERANCE, zeroGradientRatios } from "../../support/finite-diff.ts";
import { exactlyZeroGradient, WorstTable } from "../../support/compare.ts";
import { perturb, randomNdBatch } from "../../support/nd-data.ts";
import { LAYER_CASES } from "../../support/layer-cases.ts";
import type { OracleSpec } from "../../support/tfjs-oracle/spec.ts";

const table = new WorstTable();
afterAll(() => console.log(table.format("N-D layers vs central finite differences (float64), worst scaled error per case (zero = exactly-zero tensors / max|g|):")));

describe("N-D layers: gradients vs central finite differences (float64)", () => {
  it.each(LAYER_CASES.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
    const normalized = validateSpec(spec, { dtype: "f64" }) as unknown as OracleSpec;
    const { module } = await compileAndLoad(spec, { dtype: "f64" });
    const model = new module.Model({ seed: 5 });
    perturb(model.params, 0.3, 23);
    const { params } = module.layout;
    for (const batch of [3, 1]) {
      const data = randomNdBatch(normalized, batch, 31 + batch, "f64");
      const r = checkGradients(model, () => model.loss(...data.args, batch), params, undefined, [10]);
      const key = label.slice(0, 60);
      table.note(key, `fd(${batch})`, r.worst);
      const at = params.find((p) => r.worstIndex >= p.offset && r.worstIndex < p.offset + p.length)?.name;
      const where = `batch ${batch}: worst at ${at} [${r.worstIndex}]: analytic ${r.analytic[r.worstIndex]} vs numeric ${r.numeric[r.worstIndex]}`;
      expect(r.worst, where).toBeLessThan(FD_TOLERANCE);
      // Not vacuous: the loss reaches the parameters.
      expect(Math.max(...r.analytic.map(Math.abs)), `batch ${batch}: every gradient is zero`).toBeGreaterThan(0);
      for (const z of zeroGradientRatios(r.analytic, params, exactlyZeroGradient)) {
        table.note(key, "zero", z.ratio);
        expect(z.ratio, `batch ${batch}: ${z.name} must have a zero gradient (max |g| / model's max |g|)`).toBeLessThan(EXACTLY_ZERO_BOUND);
      }
    }
  });
});
