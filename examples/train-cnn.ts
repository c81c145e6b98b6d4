// Trains the generated CNN (generated/cnn.ts, from examples/cnn.net.ts) on 8,000 real digits from
// the `mnist` package, tests it on the 2,000 held out (the same split as the MLP demo), prints the
// loss and accuracy of every epoch and a confusion matrix, and saves the weights (parameters and
// batch norm's moving statistics). This is `npm run demo:cnn`.
//   EPOCHS=4 npx tsx examples/train-cnn.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Model, layout } from "../generated/cnn.ts";
import { Batches, confusionMatrix, countCorrect, epochProgress, formatConfusion, seededRandom } from "tapeless/data";
import { CLASSES, loadMnist, PIXELS, type Split } from "./data/mnist.ts";

const EPOCHS = Number(process.env.EPOCHS ?? 8);
const SEED = 1;
export const CNN_WEIGHTS_FILE = "examples/weights/cnn.weights";

/** Accuracy and mean loss on a split in inference mode (moving statistics, no dropout), and the confusion counts. */
export function evaluateCnn(model: Model, split: Split): { accuracy: number; loss: number; confusion: Uint32Array } {
  const confusion = new Uint32Array(CLASSES * CLASSES);
  let lossSum = 0;
  for (let start = 0; start < split.samples; start += layout.maxBatch) {
    const rows = Math.min(layout.maxBatch, split.samples - start);
    const images = split.inputs.subarray(start * PIXELS, (start + rows) * PIXELS);
    const labels = split.targets.subarray(start * CLASSES, (start + rows) * CLASSES);
    lossSum += model.evaluate(images, labels, rows) * rows;
    confusionMatrix(model.output, labels, rows, CLASSES, confusion);
  }
  let correct = 0;
  for (let c = 0; c < CLASSES; c++) correct += confusion[c * CLASSES + c]!;
  return { accuracy: correct / split.samples, loss: lossSum / split.samples, confusion };
}

/** Trains for `epochs` epochs; prints a line per epoch unless quiet. */
export function trainCnn(epochs: number, quiet = false): { model: Model; accuracy: number; confusion: Uint32Array; trainingSeconds: number } {
  const log = quiet ? () => {} : console.log;
  const { train, test } = loadMnist(8000, SEED);
  const model = new Model({ seed: SEED });
  const batches = new Batches({ inputs: train.inputs, targets: train.targets, inputSize: PIXELS, targetSize: CLASSES }, layout.maxBatch);
  const random = seededRandom(SEED);
  log(`cnn: ${layout.paramCount.toLocaleString("en-US")} parameters, ${train.samples} training digits, ${test.samples} held out, batch ${layout.maxBatch}`);
  log("epoch   loss     train acc   held-out loss   held-out acc   time (training)");
  let trainingMs = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    // a step size that halves over the last epochs
    model.lr = 0.002 * (epoch > epochs - 2 ? 0.5 ** (epoch - (epochs - 2)) : 1);
    batches.shuffle(random);
    const progress = epochProgress({ label: `epoch ${epoch}`, total: batches.count, quiet });
    const started = performance.now();
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let b = 0; b < batches.count; b++) {
      const rows = batches.fill(b);
      lossSum += model.trainStep(batches.inputs, batches.targets, rows) * rows;
      correct += countCorrect(model.output, batches.targets, rows, CLASSES);
      seen += rows;
      const seconds = (performance.now() - started) / 1000;
      progress.update(b + 1, { loss: lossSum / seen, accuracy: correct / seen, samplesPerSecond: seen / seconds });
    }
    trainingMs += performance.now() - started;
    progress.stop();
    const held = evaluateCnn(model, test);
    log(
      `${String(epoch).padStart(5)}   ${(lossSum / seen).toFixed(4)}   ${((100 * correct) / seen).toFixed(2).padStart(6)}%    ${held.loss.toFixed(4).padStart(10)}      ${(100 * held.accuracy).toFixed(2).padStart(6)}%     ${(trainingMs / 1000).toFixed(1)} s`,
    );
  }
  const { accuracy, confusion } = evaluateCnn(model, test);
  return { model, accuracy, confusion, trainingSeconds: trainingMs / 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { model, accuracy, confusion, trainingSeconds } = trainCnn(EPOCHS);
  console.log(`\nconfusion matrix on the ${confusion.reduce((a, b) => a + b, 0)} held-out digits:`);
  console.log(formatConfusion(confusion, CLASSES));
  mkdirSync("examples/weights", { recursive: true });
  writeFileSync(CNN_WEIGHTS_FILE, model.save());
  console.log(`\nheld-out accuracy ${(100 * accuracy).toFixed(2)}% on 2000 digits after ${trainingSeconds.toFixed(1)} s of training`);
  console.log(`weights saved to ${CNN_WEIGHTS_FILE}; npx tsx examples/predict-cnn.ts uses them`);
}
