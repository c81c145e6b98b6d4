// Inference only: loads the weights saved by `npm run demo` into the generated MNIST model and
// classifies the held-out digits. No training code, no optimizer state.
import { readFileSync } from "node:fs";
import { Model, layout } from "../generated/mnist.ts";
import { argmax } from "tapeless/data";
import { CLASSES, loadMnist, PIXELS } from "./data/mnist.ts";

const file = process.argv[2] ?? "examples/weights/mnist.weights";
let bytes: Uint8Array;
try {
  bytes = readFileSync(file);
} catch {
  console.error(`predict-mnist: cannot read ${file}; run \`npm run demo\` first to train and save the weights`);
  process.exit(2);
}
const model = new Model();
try {
  model.load(bytes);
} catch (e) {
  console.error(`predict-mnist: ${file}: ${(e as Error).message}`);
  process.exit(2);
}

const { test } = loadMnist(8000, 1);
let correct = 0;
for (let start = 0; start < test.samples; start += layout.maxBatch) {
  const rows = Math.min(layout.maxBatch, test.samples - start);
  const probabilities = model.forward(test.inputs.subarray(start * PIXELS, (start + rows) * PIXELS), rows);
  for (let r = 0; r < rows; r++) {
    const predicted = argmax(probabilities, r * CLASSES, CLASSES);
    if (predicted === argmax(test.targets, (start + r) * CLASSES, CLASSES)) correct++;
    if (start === 0 && r < 5) {
      console.log(`digit ${r}: predicted ${predicted} with p = ${probabilities[r * CLASSES + predicted].toFixed(3)}, labelled ${argmax(test.targets, r * CLASSES, CLASSES)}`);
    }
  }
}
console.log(`accuracy ${((100 * correct) / test.samples).toFixed(2)}% on ${test.samples} held-out digits (weights from ${file})`);
