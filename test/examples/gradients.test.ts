// Every example network, compiled in float64: parameter gradients against central finite
// differences (tolerance and its justification in test/support/finite-diff.ts). Every parameter of
// the small MLPs; the two large examples on a sample of each tensor (test/support/fd-sampled.ts):
//
// - mnist (101,770 parameters: 203,540 loss evaluations at batch 2, about 2 minutes of the suite
//   for all of them): every row and every column of each tensor at least once plus 32 random
//   elements and the first and last (sampleLines: 1,254 parameters, under a second), the same measure and
//   tolerance, no retry. What the check proves is that each derivative rule (dense's product, relu,
//   the bias sum, softmax cross-entropy) is the derivative of its forward formula; a rule is the
//   same loop for every element of a tensor, and the op-level finite-difference tests check every
//   element of every rule exhaustively on small shapes (test/compiler/ops, test/compiler/layers).
//   A fault confined to some elements of a large tensor (a tile edge, a stride) lies on a row or a
//   column, which the sample always meets; and test/oracle/examples.test.ts compares every element
//   of mnist's gradient with TensorFlow.js at two batch sizes. The per-tensor error scale is the
//   largest |numeric| of the sample, never above the full tensor's, so the bound is not looser.
// - the names transformer (examples/names.net.ts: 31,755 parameters, ≈ 2 ms a loss at batch 2, so
//   ≈ 140 s for all of them): 40 indices of each tensor (sampleIndices), with its weights perturbed
//   like the layer table's (γ ≠ 1, β ≠ 0, biases ≠ 0) and int32 data from the spec
//   (test/support/nd-data.ts: token and position indices in range, repeated, so the embeddings'
//   scatter-add accumulates). Its attention key bias has an exactly-zero gradient
//   (test/support/compare.ts), required to be zero up to rounding (EXACTLY_ZERO_BOUND).
import { describe, expect, it } from "vitest";
import { exampleSpecs } from "../support/examples.ts";
import { compileAndLoad, specBatch } from "../support/compile-example.ts";
import { checkGradients, EXACTLY_ZERO_BOUND, FD_TOLERANCE, zeroGradientRatios } from "../support/finite-diff.ts";
import { checkSampledGradients, sampleIndices, sampleLines } from "../support/fd-sampled.ts";
import { exactlyZeroGradient } from "../support/compare.ts";
import { perturb } from "../support/nd-data.ts";

/** Examples too large to check every parameter within the file's time: indices per tensor, weight noise. */
const SAMPLED: Record<string, { perTensor: number; perturb: number }> = { "names.net.ts": { perTensor: 40, perturb: 0.1 } };
/** Checked on every row and column of each tensor plus random elements (sampleLines), weights as initialized. */
const LINES: Record<string, { perTensor: number }> = { "mnist.net.ts": { perTensor: 32 }, "cnn.net.ts": { perTensor: 16 } };

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
    // With dropout, every evaluation draws the same masks (the function differenced is the loss under one mask).
    const lossOf = () => {
      if (model.randomState !== undefined) model.randomState = 2024;
      return model.loss(...args, batch);
    };
    const started = performance.now();
    const lines = LINES[file];
    const indices = sampled
      ? sampleIndices(layout.params, sampled.perTensor, 29)
      : lines
        ? sampleLines(layout.params, lines.perTensor, 29)
        : undefined;
    // Each chosen index perturbed both ways: with the h/10 retry at kinks for names; none for mnist,
    // as when all of its parameters were checked, nor for the small MLPs (every parameter).
    const result = sampled ? checkSampledGradients(model, lossOf, layout.params, indices!) : checkGradients(model, lossOf, layout.params, indices);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const checked = indices ? `${indices.length} of ${layout.paramCount}` : `all ${layout.paramCount}`;
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
