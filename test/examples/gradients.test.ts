// Every example network, compiled in float64: all parameter gradients against central finite
// differences (tolerance and its justification in test/support/finite-diff.ts).
import { describe, expect, it } from "vitest";
import { exampleSpecs } from "../support/examples.ts";
import { compileAndLoad, randomBatch } from "../support/compile-example.ts";
import { checkGradients, FD_TOLERANCE } from "../support/finite-diff.ts";


describe("example networks: gradients vs finite differences (f64)", async () => {
  const specs = await exampleSpecs();
  it.each(specs)("%s", { timeout: 300_000 }, async (_file, spec) => {
    const { module } = await compileAndLoad(spec, { dtype: "f64" });
    const model = new module.Model({ seed: 11 });
    const batch = Math.min(2, module.layout.maxBatch);
    const lossType = (spec as { loss: { type: string } }).loss.type;
    const { args } = randomBatch(module, batch, 5, lossType);
    // Every parameter, each perturbed both ways (for mnist: 203,540 loss evaluations at batch 2).
    const started = performance.now();
    const result = checkGradients(model, () => model.loss(...args, batch), module.layout.params);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${_file}: all ${module.layout.paramCount} parameters in ${seconds} s, worst relative error ${result.worst.toExponential(2)}`);
    expect(result.worst).toBeLessThan(FD_TOLERANCE);
  });
});
