// dropout in the generated module (issue 13), checked statistically and for determinism: in
// training (loss, trainStep) each element is zeroed with probability `rate` and the rest scaled by
// exactly 1/(1 − rate); forward, predict and evaluate are the identity; masks come from the model's
// seeded generator, so the same seed gives bit-identical training runs and `randomState` replays a mask.
import { beforeAll, describe, expect, it } from "vitest";
import { compileAndLoad } from "../../support/compile-example.ts";
import type { LoadedModule } from "../../support/load-module.ts";

const ROWS = 8;
const WIDTH = 1000;
const RATE = 0.3;
const spec = {
  name: "drop",
  dtype: "f64",
  maxBatch: ROWS,
  seed: 11,
  inputs: { x: [WIDTH] },
  targets: { y: [WIDTH] },
  layers: [{ type: "dropout", rate: RATE }],
  loss: { type: "mse" },
};
// the same with a trained layer before and after, for training runs
const trained = { ...spec, name: "dropTrained", inputs: { x: [20] }, targets: { y: [3] }, layers: [{ type: "dense", units: 30, activation: "tanh" }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 3 }] };

let module: LoadedModule;
let trainedModule: LoadedModule;
beforeAll(async () => {
  module = (await compileAndLoad(spec)).module;
  trainedModule = (await compileAndLoad(trained)).module;
});

const data = (length: number, seed: number) => Float64Array.from({ length }, (_, i) => 1 + Math.abs(Math.sin(i * 12.9898 + seed))); // never 0
const targets = new Float64Array(ROWS * WIDTH);

describe("dropout", () => {
  it("zeroes a fraction `rate` of the elements in training, scales the rest by 1/(1 − rate), independently per call", () => {
    const model = new module.Model();
    const x = data(ROWS * WIDTH, 1);
    const counts: number[] = [];
    let previous: Float64Array | undefined;
    for (let call = 0; call < 5; call++) {
      model.loss(x, targets);
      const y = Float64Array.from(model.output);
      let zeros = 0;
      for (let i = 0; i < y.length; i++) {
        if (y[i] === 0) zeros++;
        else expect(y[i]).toBe(x[i]! * (1 / (1 - RATE)));
      }
      counts.push(zeros);
      if (previous) expect(y).not.toEqual(previous); // a fresh mask each call
      previous = y;
    }
    // 5 × 8,000 Bernoulli(0.3) draws: mean 12,000, sd √(40,000·0.21) ≈ 92; 5 sd is ±458 (p < 1e-6)
    const total = counts.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 0.3 * 5 * ROWS * WIDTH)).toBeLessThan(458);
    // and no row is special: every row's zero count within 5 sd (√(1000·0.21) ≈ 14.5) of 300 in the last call
    const y = model.output;
    for (let r = 0; r < ROWS; r++) {
      let z = 0;
      for (let i = 0; i < WIDTH; i++) if (y[r * WIDTH + i] === 0) z++;
      expect(Math.abs(z - 300)).toBeLessThan(73);
    }
  });

  it("is the identity in forward, predict and evaluate, which draw nothing", () => {
    const model = new module.Model();
    const x = data(ROWS * WIDTH, 2);
    const state = model.randomState;
    expect(Array.from(model.forward(x))).toEqual(Array.from(x));
    expect(Array.from(model.predict(x, ROWS))).toEqual(Array.from(x));
    expect(model.evaluate(x, x)).toBe(0);
    expect(model.randomState).toBe(state);
  });

  it("draws from the seeded generator: the same seed gives the same masks, another seed others, randomState replays", () => {
    const x = data(ROWS * WIDTH, 3);
    const masks = (seed: number) => {
      const model = new module.Model({ seed });
      return [0, 1, 2].map(() => (model.loss(x, targets), Float64Array.from(model.output)));
    };
    expect(masks(4)).toEqual(masks(4));
    expect(masks(4)[0]).not.toEqual(masks(5)[0]);
    const model = new module.Model();
    const start = model.randomState!;
    model.loss(x, targets);
    const first = Float64Array.from(model.output);
    model.randomState = start;
    model.loss(x, targets);
    expect(Float64Array.from(model.output)).toEqual(first);
  });

  it("trains bit-identically from the same seed", () => {
    const run = () => {
      const model = new trainedModule.Model({ seed: 9 });
      const x = data(ROWS * 20, 4);
      const y = data(ROWS * 3, 5);
      const losses = Array.from({ length: 20 }, () => model.trainStep(x, y));
      return { losses, params: Array.from(model.params) };
    };
    const [a, b] = [run(), run()];
    expect(a).toEqual(b);
    expect(new Set(a.losses).size).toBeGreaterThan(10); // the masks differ from step to step
  });
});
