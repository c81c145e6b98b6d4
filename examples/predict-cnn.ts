// Inference only: loads the weights saved by `npm run demo:cnn` (parameters and batch norm's moving
// statistics) into the generated CNN and classifies the held-out digits in inference mode.
import { readFileSync } from "node:fs";
import * as jsTarget from "../generated/cnn.ts";
import * as wasmTarget from "../generated/wasm/cnn.ts";
import { chosenTarget, otherArguments } from "./target.ts";
import { argmax } from "tapeless/data";
import { CLASSES, loadMnist } from "./data/mnist.ts";

const { Model } = chosenTarget() === "wasm" ? wasmTarget : jsTarget;

const file = otherArguments()[0] ?? "examples/weights/cnn.weights";
let bytes: Uint8Array;
try {
  bytes = readFileSync(file);
} catch {
  console.error(`predict-cnn: cannot read ${file}; run \`npm run demo:cnn\` first to train and save the weights`);
  process.exit(2);
}
const model = new Model();
try {
  model.load(bytes);
} catch (e) {
  console.error(`predict-cnn: ${file}: ${(e as Error).message}`);
  process.exit(2);
}

const { test } = loadMnist(8000, 1);
// Every held-out digit in one call: predict runs forward (inference mode) in chunks of maxBatch rows.
const probabilities = model.predict(test.inputs, test.samples);
let correct = 0;
for (let r = 0; r < test.samples; r++) {
  const predicted = argmax(probabilities, r * CLASSES, CLASSES);
  if (predicted === argmax(test.targets, r * CLASSES, CLASSES)) correct++;
  if (r < 5) {
    console.log(`digit ${r}: predicted ${predicted} with p = ${probabilities[r * CLASSES + predicted]!.toFixed(3)}, labelled ${argmax(test.targets, r * CLASSES, CLASSES)}`);
  }
}
console.log(`accuracy ${((100 * correct) / test.samples).toFixed(2)}% on ${test.samples} held-out digits (weights from ${file})`);
