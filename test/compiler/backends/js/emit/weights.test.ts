// Weight files: save/load round trips, and every way a file can be wrong gives a message that
// says what differs — and leaves the model untouched.
import { beforeAll, describe, expect, it } from "vitest";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import type { LoadedModule } from "../../../../support/load-module.ts";
import { trained, type WeightsModel as Model } from "../../../../support/weights.ts";

const base = {
  name: "w",
  maxBatch: 4,
  seed: 2,
  inputs: { x: [3] },
  targets: { y: [2] },
  layers: [{ type: "dense", units: 5, activation: "relu" }, { type: "dense", units: 2 }],
  loss: { type: "softmaxCrossEntropy" },
  optimizer: { type: "adam" },
};

let adam: LoadedModule;
let sgd: LoadedModule;
let f64: LoadedModule;
let wider: LoadedModule;
const x = Float32Array.from({ length: 12 }, (_, i) => Math.cos(i));
const y = Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]);

beforeAll(async () => {
  adam = (await compileAndLoad(base)).module;
  sgd = (await compileAndLoad({ ...base, optimizer: { type: "sgd" } })).module;
  f64 = (await compileAndLoad(base, { dtype: "f64" })).module;
  wider = (await compileAndLoad({ ...base, layers: [{ type: "dense", units: 6, activation: "relu" }, { type: "dense", units: 2 }] })).module;
});

/** Expects `load` to throw `message` and to leave the target's parameters as they were. */
function expectRejected(target: Model, bytes: Uint8Array, message: RegExp | string, options?: { optimizerState?: boolean }) {
  const before = Float32Array.from(target.params);
  expect(() => target.load(bytes, options)).toThrow(message);
  expect(Array.from(target.params)).toEqual(Array.from(before));
}

describe("save and load", () => {
  it("round-trips the parameters, and with optimizerState the Adam moments and step count", () => {
    const model = trained(adam);
    const restored = new adam.Model({ seed: 9 }) as Model;
    restored.load(model.save({ optimizerState: true }));
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
    expect(restored.stepCount).toBe(5);
    // Same state → the next steps are identical too.
    model.trainStep(x, y);
    restored.trainStep(x, y);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
  });

  it("without optimizer state, loads the parameters only", () => {
    const model = trained(adam);
    const restored = new adam.Model() as Model;
    restored.load(model.save());
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
    expect(restored.stepCount).toBe(0);
  });

  it("is deterministic: the same model saves the same bytes", () => {
    expect(Buffer.from(trained(adam).save({ optimizerState: true }))).toEqual(Buffer.from(trained(adam).save({ optimizerState: true })));
  });

  it.each([
    ["not a Uint8Array", () => [1, 2, 3] as unknown as Uint8Array, "expected a Uint8Array"],
    ["an empty file", () => new Uint8Array(0), "not a tapeless weights file"],
    ["another format", () => new TextEncoder().encode("PK\x03\x04 definitely a zip file"), "not a tapeless weights file"],
    ["truncated in the header", (b: Uint8Array) => b.slice(0, 30), /truncated: 30 bytes, at least \d+ expected/],
    ["truncated in the data", (b: Uint8Array) => b.slice(0, b.length - 9), `truncated: `],
    ["with bytes after the data", (b: Uint8Array) => Uint8Array.from([...b, 0, 0]), "2 unexpected bytes"],
    ["with a flipped bit in the data", (b: Uint8Array) => { const c = b.slice(); c[c.length - 20] ^= 4; return c; }, "corrupt (checksum mismatch)"],
    ["from a newer format version", (b: Uint8Array) => { const c = b.slice(); c[4] = 9; return c; }, "format version 9 is not supported"],
  ])("rejects %s", (_what, make, message) => {
    const bytes = trained(adam).save({ optimizerState: true });
    expectRejected(trained(adam, 1), (make as (b: Uint8Array) => Uint8Array)(bytes), message);
  });

  it("rejects a file of another dtype, saying which", () => {
    expectRejected(trained(adam, 1), trained(f64).save(), "the file holds f64 weights, this model is f32");
  });

  it("rejects a file for another layout, saying what differs", () => {
    expectRejected(trained(adam, 1), trained(wider).save(), 'parameter "dense1.kernel" has shape [3,6] in the file, [3,5] in the model');
  });

  it("refuses another optimizer's state unless told to skip it", () => {
    const file = trained(adam).save({ optimizerState: true });
    const target = new sgd.Model() as Model;
    expectRejected(target, file, "the file holds adam state, this model uses sgd; load it with { optimizerState: false }");
    target.load(file, { optimizerState: false });
    expect(Array.from(target.params)).toEqual(Array.from(trained(adam).params));
  });
});

describe("named weights", () => {
  it("toJSON → loadWeights round-trips", () => {
    const model = trained(adam);
    const json = JSON.parse(JSON.stringify(model));
    expect(Object.keys(json)).toEqual(["dense1.kernel", "dense1.bias", "dense2.kernel", "dense2.bias"]);
    expect(json["dense1.kernel"].shape).toEqual([3, 5]);
    const restored = new adam.Model() as Model;
    restored.loadWeights(json);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
  });

  it("accepts Keras / TensorFlow.js names and bare arrays", () => {
    const model = trained(adam);
    const named = model.toJSON();
    const keras = {
      "dense1/kernel:0": Float32Array.from(named["dense1.kernel"].data),
      "dense1/bias:0": named["dense1.bias"].data,
      "dense2/kernel": { shape: [5, 2], data: named["dense2.kernel"].data },
      "dense2/bias": named["dense2.bias"],
    };
    const restored = new adam.Model() as Model;
    restored.loadWeights(keras);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
  });

  it.each([
    ["a missing parameter", (w: Record<string, unknown>) => { delete w["dense2.bias"]; }, 'parameter "dense2.bias" is missing'],
    ["an unknown name", (w: Record<string, unknown>) => { w["dense3.kernel"] = [1]; }, 'unknown parameter "dense3.kernel"'],
    ["a wrong shape", (w: Record<string, { shape: number[] }>) => { w["dense1.kernel"].shape = [5, 3]; }, 'has shape [5,3], the model expects [3,5]'],
    ["a wrong length", (w: Record<string, { data: number[] }>) => { w["dense2.bias"].data.push(0); }, 'has 3 values, the model expects 2'],
  ])("rejects %s and changes nothing", (_what, mutate, message) => {
    const weights = trained(adam).toJSON();
    (mutate as (w: unknown) => void)(weights);
    const target = trained(adam, 1);
    const before = Array.from(target.params);
    expect(() => target.loadWeights(weights)).toThrow(message);
    expect(Array.from(target.params)).toEqual(before);
  });
});
