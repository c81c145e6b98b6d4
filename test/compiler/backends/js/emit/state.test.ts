// Models with state and modes (issue 13): `model.state` and `layout.state`, which calls update the
// moving statistics (loss and trainStep only), evaluate() in inference mode changing nothing, the
// weights file (version 2: the state after the buffers, checked like parameters), toJSON and
// loadWeights with the Keras names (gamma, beta, moving_mean, moving_variance).
import { beforeAll, describe, expect, it } from "vitest";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import type { LoadedModel, LoadedModule } from "../../../../support/load-module.ts";

const spec = {
  name: "bn",
  dtype: "f64",
  maxBatch: 4,
  seed: 3,
  inputs: { x: [3, 3, 2] },
  targets: { y: [2] },
  layers: [
    { type: "conv2d", filters: 3, kernelSize: 2, name: "conv" },
    { type: "batchNormalization", name: "bn", momentum: 0.8 },
    { type: "flatten" },
    { type: "dense", units: 2, name: "head" },
  ],
  loss: { type: "mse" },
  optimizer: { type: "adam", lr: 0.01 },
};

let module: LoadedModule;
let stateless: LoadedModule;
beforeAll(async () => {
  module = (await compileAndLoad(spec)).module;
  stateless = (await compileAndLoad({ ...spec, layers: spec.layers.filter((l) => l.type !== "batchNormalization") })).module;
});

const x = Float64Array.from({ length: 4 * 18 }, (_, i) => Math.sin(i * 1.7) + 0.3);
const y = Float64Array.from({ length: 8 }, (_, i) => Math.cos(i));
const snapshot = (m: LoadedModel) => ({ params: Array.from(m.params), state: Array.from(m.state), steps: m.stepCount });
const errorOf = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("state and modes in the generated module", () => {
  it("lists the moving statistics in layout.state and starts them at zeros and ones", () => {
    expect(module.layout.state).toEqual([
      { name: "bn.movingMean", shape: [3], offset: 0, length: 3 },
      { name: "bn.movingVariance", shape: [3], offset: 3, length: 3 },
    ]);
    expect(Array.from(new module.Model().state)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(stateless.layout.state).toEqual([]);
    expect(new stateless.Model().state.length).toBe(0);
  });

  it("updates the state in loss() and trainStep() only, as momentum·moving + (1 − momentum)·batch", () => {
    const m = new module.Model();
    m.forward(x);
    m.evaluate(x, y);
    expect(Array.from(m.state)).toEqual([0, 0, 0, 1, 1, 1]);
    m.loss(x, y);
    const after = Array.from(m.state);
    m.backward();
    expect(Array.from(m.state)).toEqual(after);
    // the batch mean of each channel of the conv output, from the module's own conv (the output
    // before bn is not exposed: recover the mean from the update, mean = (new − 0.8·0) / 0.2)
    const mean = after.slice(0, 3).map((v) => v / 0.2);
    const variance = after.slice(3).map((v) => (v - 0.8) / 0.2);
    expect(variance.every((v) => v > 0)).toBe(true);
    expect(mean.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    m.trainStep(x, y);
    // a second batch of the same data: the statistics move again, towards the (new) batch values
    expect(Array.from(m.state)).not.toEqual(after);
  });

  it("evaluates in inference mode, changing nothing, and agrees with forward()", () => {
    const m = new module.Model();
    for (let i = 0; i < 5; i++) m.trainStep(x, y);
    const before = snapshot(m);
    const value = m.evaluate(x, y);
    expect(snapshot(m)).toEqual(before);
    const out = m.forward(x);
    const mse = Array.from(out).reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / out.length;
    expect(value).toBeCloseTo(mse, 14);
    // training mode differs: batch statistics instead of the moving ones
    expect(Math.abs(m.loss(x, y) - value)).toBeGreaterThan(1e-6);
    expect(() => m.evaluate(x.subarray(0, 10), y)).toThrow(/x: expected at least 72 values/);
  });

  it("saves and loads the state with the parameters (format version 2)", () => {
    const m = new module.Model();
    for (let i = 0; i < 3; i++) m.trainStep(x, y);
    const bytes = m.save({ optimizerState: true });
    expect(new DataView(bytes.buffer).getUint16(4, true)).toBe(2);
    const other = new module.Model({ seed: 99 });
    other.load(bytes);
    expect(snapshot(other)).toEqual(snapshot(m));
    const plain = new module.Model({ seed: 98 });
    plain.load(m.save());
    expect(Array.from(plain.state)).toEqual(Array.from(m.state));
    plain.load(bytes, { optimizerState: false }); // the state is read past the optimizer's buffers
    expect(Array.from(plain.state)).toEqual(Array.from(m.state));
    expect(plain.evaluate(x, y)).toBe(m.evaluate(x, y));
  });

  it("refuses a file of another layout or state, changing nothing", () => {
    const m = new module.Model();
    const before = snapshot(m);
    expect(errorOf(() => m.load(new stateless.Model().save()))).toBe("cannot load weights: format version 1 is not supported (this module reads version 2)");
    const bytes = new module.Model().save();
    const truncated = bytes.subarray(0, bytes.length - 9);
    expect(errorOf(() => m.load(truncated))).toMatch(/truncated/);
    const corrupt = Uint8Array.from(bytes);
    corrupt[corrupt.length - 12]! ^= 1; // a state value
    expect(errorOf(() => m.load(corrupt))).toMatch(/checksum/);
    expect(snapshot(m)).toEqual(before);
  });

  it("exports the state in toJSON and takes Keras's names in loadWeights", () => {
    const m = new module.Model();
    for (let i = 0; i < 3; i++) m.trainStep(x, y);
    const json = (m as LoadedModel & { toJSON(): unknown }).toJSON() as Record<string, { shape: number[]; data: number[] }>;
    expect(Object.keys(json)).toEqual(["conv.kernel", "conv.bias", "bn.gamma", "bn.beta", "head.kernel", "head.bias", "bn.movingMean", "bn.movingVariance"]);
    expect(json["bn.movingVariance"]!.data).toEqual(Array.from(m.state.subarray(3)));
    const keras = Object.fromEntries(Object.entries(json).map(([k, v]) => [`${k.replace(".", "/").replace("movingMean", "moving_mean").replace("movingVariance", "moving_variance")}:0`, v]));
    expect(Object.keys(keras)).toContain("bn/moving_variance:0");
    const other = new module.Model({ seed: 7 }) as LoadedModel & { loadWeights(w: unknown): void };
    other.loadWeights(keras);
    expect(snapshot(other)).toEqual({ ...snapshot(m), steps: 0 });
    const fresh = new module.Model({ seed: 7 }) as LoadedModel & { loadWeights(w: unknown): void };
    const before = snapshot(fresh);
    const { "bn/moving_mean:0": _, ...missing } = keras;
    expect(errorOf(() => fresh.loadWeights(missing))).toBe('cannot load weights: parameter "bn.movingMean" is missing');
    const wrong = { ...keras, "bn/moving_variance:0": { shape: [4], data: [1, 1, 1, 1] } };
    expect(errorOf(() => fresh.loadWeights(wrong))).toMatch(/"bn.movingVariance" has shape \[4\], the model expects \[3\]/);
    expect(snapshot(fresh)).toEqual(before);
  });
});
