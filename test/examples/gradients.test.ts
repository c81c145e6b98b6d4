// Every example network, compiled in float64: parameter gradients against central finite
// differences (tolerance and its justification in test/support/finite-diff.ts). Every parameter of
// the MLPs; the names transformer (examples/names.net.ts: 31,755 parameters, ≈ 2 ms a loss at batch
// 2, so ≈ 140 s for all of them) on a sample of each tensor (test/support/fd-sampled.ts), with its
// weights perturbed like the layer table's (γ ≠ 1, β ≠ 0, biases ≠ 0) and int32 data from the spec
// (test/support/nd-data.ts: token and position indices in range, repeated, so the embeddings'
// scatter-add accumulates). Its attention key bias has an exactly-zero gradient
// (test/support/compare.ts), required to be zero up to rounding (EXACTLY_ZERO_BOUND).
import { describe, expect, it } from "vitest";
import { exampleSpecs } from "../support/examples.ts";
import { compileAndLoad, specBatch } from "../support/compile-example.ts";
import { checkGradients, EXACTLY_ZERO_BOUND, FD_TOLERANCE, zeroGradientRatios } from "../support/finite-diff.ts";
import { checkSampledGradients, sampleIndices } from "../support/fd-sampled.ts";
import { exactlyZeroGradient } from "../support/compare.ts";
import { perturb } from "../support/nd-data.ts";

/** Examples too large to check every parameter within the file's time: indices per tensor, weight noise. */
const SAMPLED: Record<string, { perTensor: number; perturb: number }> = { "names.net.ts": { perTensor: 40, perturb: 0.1 } };

describe("example networks: gradients vs finite differences (f64)", async () => {
  const specs = await exampleSpecs();
  it.each(specs)("%s", { timeout: 300_000 }, async (file, spec) => {
    const { module } = await compileAndLoad(spec, { dtype: "f64" });
    const model = new module.Model({ seed: 11 });
    const batch = Math.min(2, module.layout.maxBatch);
    const { layout } = module;
    const { args } = specBatch(spec, module, batch, 5);
    const sampled = SAMPLED[file];
    if (sampled) perturb(model.params, sampled.perturb, 17);
    const lossOf = () => model.loss(...args, batch);
    const started = performance.now();
    // Sampled: each chosen index perturbed both ways. Otherwise every parameter (for mnist: 203,540 loss evaluations at batch 2).
    const result = sampled
      ? checkSampledGradients(model, lossOf, layout.params, sampleIndices(layout.params, sampled.perTensor, 29))
      : checkGradients(model, lossOf, layout.params);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const checked = "checked" in result ? `${result.checked} of ${layout.paramCount}` : `all ${layout.paramCount}`;
    console.log(`${file}: ${checked} parameters in ${seconds} s, worst relative error ${result.worst.toExponential(2)}`);
    expect(result.worst, `worst at ${result.worstIndex}`).toBeLessThan(FD_TOLERANCE);
    model.loss(...args, batch);
    model.backward();
    for (const z of zeroGradientRatios(model.grads, layout.params, exactlyZeroGradient)) {
      console.log(`${file}: ${z.name} max |g| / model's max |g| = ${z.ratio.toExponential(2)}`);
      expect(z.ratio, `${z.name} must have a zero gradient`).toBeLessThan(EXACTLY_ZERO_BOUND);
    }
  });
});
