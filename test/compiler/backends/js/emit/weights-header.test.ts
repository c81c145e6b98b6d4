// load() checks every header field of a weights file against the model before it writes anything:
// crafted files (valid checksum, wrong field) are refused with a message naming the field, and
// the parameters, optimizer moments and step count stay as they were. And the step count is
// restored for every optimizer, including those without state buffers (plain SGD).
import { beforeAll, describe, expect, it } from "vitest";
import { OPTIMIZERS } from "../../../../../src/spec/types.ts";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import type { LoadedModule } from "../../../../support/load-module.ts";
import { craft, readHeader, trained, type WeightsHeader, type WeightsModel } from "../../../../support/weights.ts";

const spec = (optimizer: Record<string, unknown>) => ({
  name: "header",
  maxBatch: 4,
  inputs: { x: [3] },
  targets: { y: [2] },
  layers: [{ type: "dense", units: 5, activation: "relu" }, { type: "dense", units: 2 }],
  loss: { type: "mse" },
  optimizer,
});

let adam: LoadedModule;
beforeAll(async () => {
  adam = (await compileAndLoad(spec({ type: "adam" }))).module;
});

/** Everything load() may write: params, optimizer state and step count, as save() sees them. */
const snapshot = (model: WeightsModel) => Array.from(model.save({ optimizerState: true }));

describe("load() refuses a crafted header before writing anything", () => {
  const n = 3 * 5 + 5 + 5 * 2 + 2; // 32 parameter values
  const cases: [string, (h: WeightsHeader) => Partial<WeightsHeader>, RegExp | string, { optimizerState?: boolean }?][] = [
    ["a smaller parameter count", () => ({ paramCount: n - 1 }), `the file holds ${n - 1} parameter values, this model has ${n}`],
    ["a much smaller parameter count", () => ({ paramCount: 1 }), `the file holds 1 parameter values, this model has ${n}`],
    ["a zero parameter count", () => ({ paramCount: 0 }), `the file holds 0 parameter values, this model has ${n}`],
    ["a larger parameter count", () => ({ paramCount: n + 1 }), `the file holds ${n + 1} parameter values, this model has ${n}`],
    ["a larger count, state not wanted", () => ({ paramCount: n + 7 }), `the file holds ${n + 7} parameter values`, { optimizerState: false }],
    ["another dtype", () => ({ dtype: 2 }), "the file holds f64 weights, this model is f32"],
    ["an unknown dtype", () => ({ dtype: 9 }), "the file holds unknown (dtype code 9) weights, this model is f32"],
    ["unknown flags", () => ({ flags: 3 }), "unknown header flags 3"],
    ["state buffers without the state flag", () => ({ flags: 0 }), "the header is inconsistent: 2 optimizer state buffers without the optimizer-state flag"],
    ["another optimizer kind", () => ({ optimizer: "rmsprop" }), "the file holds rmsprop state, this model uses adam"],
    ["an optimizer name with control characters", () => ({ optimizer: "\x1b]0;x\x07" }), 'the file holds "\\u001b]0;x\\u0007" state'],
    ["fewer state buffers", () => ({ stateCount: 1 }), "the file holds 1 adam state buffers, this model's adam has 2 (firstMoment, secondMoment)"],
    ["more state buffers", () => ({ stateCount: 3 }), "the file holds 3 adam state buffers"],
    ["a NaN step count", () => ({ stepCount: NaN }), "the file's step count NaN is not a non-negative integer"],
    ["a negative step count", () => ({ stepCount: -1 }), "the file's step count -1 is not"],
    ["a fractional step count", () => ({ stepCount: 2.5 }), "the file's step count 2.5 is not"],
    ["an infinite step count", () => ({ stepCount: Infinity }), "the file's step count Infinity is not"],
    ["a step count beyond 2⁵³", () => ({ stepCount: 2 ** 60 }), "is not a non-negative integer"],
    ["another layout hash", (h) => ({ hash: (h.hash + 1) >>> 0 }), "it was saved for another layout"],
    ["a signature that is not JSON", (h) => ({ signature: "x".repeat(h.signature.length) }), "the file's layout signature is not a list of [name, shape] pairs"],
    ["a signature that is JSON null", () => ({ signature: "null" }), "the file's layout signature is not a list"],
    ["another layout", (h) => ({ signature: h.signature.replace("[3,5]", "[5,3]") }), 'parameter "dense1.kernel" has shape [5,3] in the file, [3,5] in the model'],
    ["another format version", () => ({ version: 0 }), "format version 0 is not supported"],
  ];

  it.each(cases)("%s", (_what, change, message, options) => {
    const bytes = trained(adam).save({ optimizerState: true });
    const target = trained(adam, 2);
    const before = snapshot(target);
    const crafted = craft(bytes, change(readHeader(bytes).header));
    expect(() => target.load(crafted, options)).toThrow(message);
    expect(() => target.load(crafted, options)).toThrow(/^cannot load weights: /);
    expect(snapshot(target)).toEqual(before);
    expect(target.stepCount).toBe(2);
  });

  it("accepts the untouched file rebuilt the same way (the crafting itself is sound)", () => {
    const bytes = trained(adam).save({ optimizerState: true });
    expect(Array.from(craft(bytes, {}))).toEqual(Array.from(bytes));
  });

  it("refuses { optimizerState: true } for a file saved without optimizer state", () => {
    const target = trained(adam, 2);
    const before = snapshot(target);
    expect(() => target.load(trained(adam).save(), { optimizerState: true })).toThrow("the file has no optimizer state");
    expect(snapshot(target)).toEqual(before);
  });

  it("ignores a bad step count when told to skip the optimizer state", () => {
    const source = trained(adam);
    const target = trained(adam, 2);
    target.load(craft(source.save({ optimizerState: true }), { stepCount: NaN }), { optimizerState: false });
    expect(Array.from(target.params)).toEqual(Array.from(source.params));
    expect(target.stepCount).toBe(2);
  });
});

// Every optimizer kind with its defaults, plus the variants whose state buffers differ.
const OPTIMIZER_CASES: Record<string, unknown>[] = [
  ...OPTIMIZERS.map((type) => ({ type })),
  { type: "sgd", momentum: 0.9 },
  { type: "sgd", momentum: 0.9, nesterov: true },
  { type: "rmsprop", momentum: 0.5 },
];

describe.each(OPTIMIZER_CASES)("optimizer state round trip: %j", (optimizer) => {
  let module: LoadedModule;
  beforeAll(async () => {
    module = (await compileAndLoad(spec(optimizer))).module;
  });

  it("restores the step count and every buffer: the next steps are identical", () => {
    const model = trained(module, 5);
    const restored = new module.Model({ seed: 9 }) as WeightsModel;
    restored.load(model.save({ optimizerState: true }));
    expect(restored.stepCount).toBe(5);
    expect(snapshot(restored)).toEqual(snapshot(model));
    const x = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const y = Float32Array.from({ length: 8 }, (_, i) => Math.cos(3 * i));
    for (let i = 0; i < 3; i++) expect(restored.trainStep(x, y)).toBe(model.trainStep(x, y));
    expect(snapshot(restored)).toEqual(snapshot(model));
  });

  it("with { optimizerState: false } loads the parameters only", () => {
    const model = trained(module, 5);
    const restored = new module.Model() as WeightsModel;
    restored.load(model.save({ optimizerState: true }), { optimizerState: false });
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
    expect(restored.stepCount).toBe(0);
  });
});
