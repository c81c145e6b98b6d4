// Trains the generated Iris model on 120 flowers and tests it on the 30 held out.
//   npx tsx examples/train-iris.ts
import { pathToFileURL } from "node:url";
import { Model, layout } from "../generated/iris.ts";
import { Batches, countCorrect, seededRandom } from "tapeless/data";
import { loadIris } from "./data/iris.ts";

export function trainIris(epochs = 60, seed = 3): { model: Model; trainAccuracy: number; testAccuracy: number; loss: number } {
  const { train, test } = loadIris(10, seed);
  const model = new Model({ seed });
  const batches = new Batches({ inputs: train.inputs, targets: train.targets, inputSize: 4, targetSize: 3 }, layout.maxBatch);
  const random = seededRandom(seed);
  let loss = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    batches.shuffle(random);
    loss = 0;
    for (let b = 0; b < batches.count; b++) {
      const rows = batches.fill(b);
      loss += (model.trainStep(batches.inputs, batches.targets, rows) * rows) / train.samples;
    }
  }
  const accuracy = (split: typeof train) => {
    let correct = 0;
    for (let start = 0; start < split.samples; start += layout.maxBatch) {
      const rows = Math.min(layout.maxBatch, split.samples - start);
      const out = model.forward(split.inputs.subarray(start * 4), rows);
      correct += countCorrect(out, split.targets.subarray(start * 3), rows, 3);
    }
    return correct / split.samples;
  };
  return { model, trainAccuracy: accuracy(train), testAccuracy: accuracy(test), loss };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = performance.now();
  const { trainAccuracy, testAccuracy, loss } = trainIris();
  console.log(`iris: loss ${loss.toFixed(4)}, train accuracy ${(100 * trainAccuracy).toFixed(1)}%, held-out accuracy ${(100 * testAccuracy).toFixed(1)}% (30 flowers), ${(performance.now() - started).toFixed(0)} ms`);
}
