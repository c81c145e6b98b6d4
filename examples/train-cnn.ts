// Trains the generated CNN (generated/cnn.ts, from examples/cnn.net.ts) on 8,000 real digits from
// the `mnist` package, tests it on the 2,000 held out (the same split as the MLP demo), prints the
// loss and accuracy of every epoch and a confusion matrix, and saves the weights (parameters and
// batch norm's moving statistics). Each epoch sees every training digit moved by a random offset of
// up to 1 pixel (data augmentation: 8,000 digits are few for a CNN). This is `npm run demo:cnn`.
//   EPOCHS=4 npx tsx examples/train-cnn.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as jsTarget from "../generated/cnn.ts";
import * as wasmTarget from "../generated/wasm/cnn.ts";
import { chosenTarget } from "./target.ts";
import { Batches, confusionMatrix, countCorrect, epochProgress, formatConfusion, seededRandom } from "tapeless/data";
import { CLASSES, loadMnist, PIXELS, type Split } from "./data/mnist.ts";

/** The generated model this run uses: `--target wasm` picks the WebAssembly target's module. */
export const TARGET = chosenTarget();
const { Model, layout } = TARGET === "wasm" ? wasmTarget : jsTarget;
type Model = InstanceType<typeof Model>;

const EPOCHS = Number(process.env.EPOCHS ?? 12);
const SEED = 1;
export const CNN_WEIGHTS_FILE = "examples/weights/cnn.weights";

const SIDE = 28;
const MAX_SHIFT = 1;

/** Every image of `from` moved by a random whole-pixel offset in [−1, 1]² into `to` (the border it leaves black). */
export function shiftImages(from: Float32Array, to: Float32Array, samples: number, random: () => number): void {
  const offset = () => Math.floor(random() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
  for (let s = 0; s < samples; s++) {
    const [dy, dx] = [offset(), offset()];
    const base = s * PIXELS;
    for (let y = 0; y < SIDE; y++) {
      const sy = y - dy;
      for (let x = 0; x < SIDE; x++) {
        const sx = x - dx;
        to[base + y * SIDE + x] = sy >= 0 && sy < SIDE && sx >= 0 && sx < SIDE ? from[base + sy * SIDE + sx]! : 0;
      }
    }
  }
}

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
  const shifted = new Float32Array(train.inputs.length); // this epoch's moved digits, read by the batches
  const batches = new Batches({ inputs: shifted, targets: train.targets, inputSize: PIXELS, targetSize: CLASSES }, layout.maxBatch);
  const random = seededRandom(SEED);
  log(`cnn: ${layout.paramCount.toLocaleString("en-US")} parameters, ${train.samples} training digits, ${test.samples} held out, batch ${layout.maxBatch}, target ${TARGET}`);
  log("epoch   loss     train acc   held-out loss   held-out acc   time (training)");
  let trainingMs = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    // the step size: 0.002 for the first half, then down by a factor 0.6 per epoch
    model.lr = 0.002 * 0.6 ** Math.max(0, epoch - Math.ceil(epochs / 2));
    shiftImages(train.inputs, shifted, train.samples, random);
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
