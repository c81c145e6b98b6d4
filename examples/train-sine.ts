// Regression: fits sin(x) on [−π, π] with the generated sine model until the mse is below 1e-3.
//   npx tsx examples/train-sine.ts
import { pathToFileURL } from "node:url";
import { Model, layout } from "../generated/sine.ts";
import { Batches, seededRandom } from "tapeless/data";

export function trainSine(epochs = 300, seed = 5): { model: Model; mse: number } {
  const samples = 256;
  const inputs = new Float32Array(samples);
  const targets = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    inputs[i] = -Math.PI + (2 * Math.PI * i) / (samples - 1);
    targets[i] = Math.sin(inputs[i]);
  }
  const model = new Model({ seed });
  const batches = new Batches({ inputs, targets, inputSize: 1, targetSize: 1 }, layout.maxBatch);
  const random = seededRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    batches.shuffle(random);
    for (let b = 0; b < batches.count; b++) model.trainStep(batches.inputs, batches.targets, batches.fill(b));
  }
  let mse = 0;
  for (let start = 0; start < samples; start += layout.maxBatch) {
    mse += (model.loss(inputs.subarray(start), targets.subarray(start), layout.maxBatch) * layout.maxBatch) / samples;
  }
  return { model, mse };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = performance.now();
  const { mse } = trainSine();
  console.log(`sine: mse ${mse.toExponential(2)} over 256 points of [−π, π] after ${(performance.now() - started).toFixed(0)} ms`);
}
