// Trains the character-level transformer (generated/names.ts) on English first names from
// @stdlib/datasets-{female,male}-first-names-en, held-out split 10%, and compares its held-out loss
// in nats per character with a bigram model counted from the same training names. Then samples
// ten names. This is `npm run demo:names`.
//   EPOCHS=4 npx tsx examples/train-names.ts
import { pathToFileURL } from "node:url";
import * as jsTarget from "../generated/names.ts";
import * as wasmTarget from "../generated/wasm/names.ts";
import { chosenTarget } from "./target.ts";
import { epochProgress, seededRandom, shuffleInPlace } from "tapeless/data";
import { BigramModel, contextWindows, decode, loadNames, splitNames, VOCAB_SIZE, type ContextWindows } from "./data/names.ts";

/** The generated model this run uses: `--target wasm` picks the WebAssembly target's module. */
export const TARGET = chosenTarget();
const { Model, layout } = TARGET === "wasm" ? wasmTarget : jsTarget;
type Model = InstanceType<typeof Model>;

const EPOCHS = Number(process.env.EPOCHS ?? 3);
const SEED = 1;
const T = 16;
const B = layout.maxBatch;

/** Batch buffers, filled row by row from shuffled windows (no allocation per step). */
class WindowBatches {
  readonly tokens = new Int32Array(B * T);
  readonly next = new Int32Array(B * T);
  readonly positions = new Int32Array(B * T);
  private readonly order: Uint32Array;

  constructor(private readonly data: ContextWindows) {
    this.order = Uint32Array.from({ length: data.count }, (_, i) => i);
    for (let r = 0; r < B; r++) for (let t = 0; t < T; t++) this.positions[r * T + t] = t;
  }
  get count(): number {
    return Math.ceil(this.data.count / B);
  }
  shuffle(random: () => number): void {
    shuffleInPlace(this.order, random);
  }
  /** Copies batch `b` into the buffers; returns its row count. */
  fill(b: number): number {
    const rows = Math.min(B, this.data.count - b * B);
    for (let r = 0; r < rows; r++) {
      const w = this.order[b * B + r]!;
      this.tokens.set(this.data.inputs.subarray(w * T, (w + 1) * T), r * T);
      this.next.set(this.data.targets.subarray(w * T, (w + 1) * T), r * T);
    }
    return rows;
  }
}

/** Mean negative log-likelihood, nats per predicted character, over the real (unpadded) positions. */
export function heldOutLoss(model: Model, data: ContextWindows): number {
  const tokens = new Int32Array(B * T);
  const positions = new Int32Array(B * T);
  for (let i = 0; i < positions.length; i++) positions[i] = i % T;
  let sum = 0;
  for (let start = 0; start < data.count; start += B) {
    const rows = Math.min(B, data.count - start);
    tokens.set(data.inputs.subarray(start * T, (start + rows) * T));
    const p = model.forward(tokens, positions, rows);
    for (let i = 0; i < rows * T; i++) {
      if (data.mask[start * T + i] === 0) continue;
      sum -= Math.log(p[i * VOCAB_SIZE + data.targets[start * T + i]!]!);
    }
  }
  return sum / data.predictions;
}

/** Samples a name letter by letter from the model's next-character distribution. */
export function sampleName(model: Model, random: () => number): string {
  const tokens = new Int32Array(T);
  const positions = Int32Array.from({ length: T }, (_, i) => i);
  const letters: number[] = [];
  for (let t = 0; t < T - 1; t++) {
    const p = model.forward(tokens, positions, 1);
    let u = random();
    let next = VOCAB_SIZE - 1;
    for (let c = 0; c < VOCAB_SIZE; c++) {
      u -= p[t * VOCAB_SIZE + c]!;
      if (u < 0) {
        next = c;
        break;
      }
    }
    if (next === 0) break;
    letters.push(next);
    tokens[t + 1] = next;
  }
  return decode(letters);
}

export function trainNames(epochs: number, quiet = false) {
  const log = quiet ? () => {} : console.log;
  const { train, heldOut } = splitNames(loadNames(), 0.1, SEED);
  const bigram = new BigramModel(train);
  const bigramLoss = bigram.nll(heldOut);
  const trainWindows = contextWindows(train, T);
  const heldOutWindows = contextWindows(heldOut, T);
  const model = new Model({ seed: SEED });
  const batches = new WindowBatches(trainWindows);
  const random = seededRandom(SEED);
  log(`names: ${layout.paramCount.toLocaleString("en-US")} parameters, ${train.length} training names, ${heldOut.length} held out, context ${T}, batch ${B}, target ${TARGET}`);
  log(`bigram (add-1) held-out loss: ${bigramLoss.toFixed(4)} nats/char`);
  log("epoch   train loss   held-out loss   time (training)");
  let trainingMs = 0;
  let loss = Infinity;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    batches.shuffle(random);
    const progress = epochProgress({ label: `epoch ${epoch}`, total: batches.count, quiet });
    const started = performance.now();
    let lossSum = 0;
    let rowsSeen = 0;
    for (let b = 0; b < batches.count; b++) {
      const rows = batches.fill(b);
      lossSum += model.trainStep(batches.tokens, batches.positions, batches.next, rows) * rows;
      rowsSeen += rows;
      progress.update(b + 1, { loss: lossSum / rowsSeen, samplesPerSecond: rowsSeen / ((performance.now() - started) / 1000) });
    }
    trainingMs += performance.now() - started;
    progress.stop();
    loss = heldOutLoss(model, heldOutWindows);
    log(`${String(epoch).padStart(5)}   ${(lossSum / rowsSeen).toFixed(4).padStart(10)}   ${loss.toFixed(4).padStart(13)}   ${(trainingMs / 1000).toFixed(1)} s`);
  }
  // (an empty sample, the end boundary drawn first, is drawn again: ten names of at least one letter)
  const samples: string[] = [];
  while (samples.length < 10) {
    const name = sampleName(model, random);
    if (name.length > 0) samples.push(name);
  }
  return { model, heldOutLoss: loss, bigramLoss, trainingSeconds: trainingMs / 1000, samples };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { heldOutLoss: loss, bigramLoss, trainingSeconds, samples } = trainNames(EPOCHS);
  const gain = bigramLoss - loss;
  console.log(`held-out loss ${loss.toFixed(4)} nats/char vs bigram ${bigramLoss.toFixed(4)}: ${gain.toFixed(4)} below (target ≥ 0.15) after ${trainingSeconds.toFixed(1)} s of training`);
  console.log(`ten sampled names: ${samples.join(", ")}`);
  if (gain < 0.15) process.exitCode = 1;
}
