// predict(...inputs, rows, out?): the output for any number of rows, equal to forward() run chunk
// by chunk of maxBatch rows; rows = 0 is an empty result; bad arguments throw before anything runs.
import { beforeAll, describe, expect, it } from "vitest";
import { findAllocations } from "../../../../../compiler/backends/js/emit/check-allocation.ts";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import { rng } from "../../../../support/finite-diff.ts";
import type { LoadedModel, LoadedModule } from "../../../../support/load-module.ts";

const MAX_BATCH = 4;
const IN = 3;
const OUT = 2;

const single = {
  name: "predict",
  maxBatch: MAX_BATCH,
  inputs: { x: [IN] },
  targets: { y: [OUT] },
  layers: [{ type: "dense", units: 6, activation: "tanh" }, { type: "dense", units: OUT }],
  loss: { type: "softmaxCrossEntropy" },
};
// Two inputs: predict(a, b, rows, out?).
const double = {
  name: "predict2",
  maxBatch: MAX_BATCH,
  inputs: { a: [IN], b: [IN] },
  targets: { y: [OUT] },
  nodes: { s: { type: "add", inputs: ["a", "b"] }, out: { type: "dense", input: "s", units: OUT } },
  output: "out",
  loss: { type: "mse" },
};

const random = (length: number, seed: number) => {
  const next = rng(seed);
  return Float32Array.from({ length }, () => 2 * next() - 1);
};

/** forward() over rows [r, r + count) for r = 0, maxBatch, ...: the reference predict must match. */
function chunked(module: LoadedModule, inputs: Float32Array[], rows: number): number[] {
  const model = new module.Model({ seed: 1 });
  const out: number[] = [];
  for (let r = 0; r < rows; r += MAX_BATCH) {
    const count = Math.min(MAX_BATCH, rows - r);
    const y = model.forward(...inputs.map((x) => x.subarray(r * IN)), count);
    out.push(...y.subarray(0, count * OUT));
  }
  return out;
}

let one: LoadedModule;
let two: LoadedModule;
let code: string;
beforeAll(async () => {
  const compiled = await compileAndLoad(single);
  one = compiled.module;
  code = compiled.result.code;
  two = (await compileAndLoad(double)).module;
});

describe("predict", () => {
  it.each([1, 3, 4, 5, 8, 11, 13])("%i rows = forward chunk by chunk, with and without out", (rows) => {
    for (const module of [one, two]) {
      const inputs = module.layout.inputs.map((_, k) => random(rows * IN, rows * 10 + k));
      const expected = chunked(module, inputs, rows);
      const model = new module.Model({ seed: 1 });
      const fresh = model.predict(...inputs, rows);
      expect(fresh).toBeInstanceOf(Float32Array);
      expect(Array.from(fresh)).toEqual(expected);
      // Into a given, larger array: rows × OUT values written, the rest untouched, the same array back.
      const out = new Float32Array(rows * OUT + 3).fill(7);
      expect(model.predict(...inputs, rows, out)).toBe(out);
      expect(Array.from(out.subarray(0, rows * OUT))).toEqual(expected);
      expect(Array.from(out.subarray(rows * OUT))).toEqual([7, 7, 7]);
    }
  });

  it("its chunk loop is under the static allocation check; only a missing `out` is allocated", () => {
    expect(findAllocations(code)).toEqual([]);
    const leaky = code.replace(/(private predictRows\([^)]*\): void \{)/, "$1\n    const junk = [rows];");
    expect(leaky).not.toBe(code);
    expect(findAllocations(leaky).map((a) => [a.method, a.reason])).toEqual([["predictRows", "array literal"]]);
  });

  it("0 rows: an empty result, or the given array untouched", () => {
    const model = new one.Model({ seed: 1 });
    expect(model.predict(new Float32Array(0), 0)).toEqual(new Float32Array(0));
    const out = new Float32Array(4).fill(7);
    expect(model.predict(new Float32Array(0), 0, out)).toBe(out);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });

  it("replaces the activations backward() would need, and loss() works after it", () => {
    const model = new one.Model({ seed: 1 });
    const x = random(9 * IN, 3);
    const y = random(MAX_BATCH * OUT, 4).map((v) => (v > 0 ? 1 : 0));
    const before = model.loss(x, y, MAX_BATCH);
    model.predict(x, 9);
    expect(() => model.backward()).toThrow("backward() needs a loss() call first");
    expect(model.loss(x, y, MAX_BATCH)).toBe(before);
    expect(() => model.backward()).not.toThrow();
  });

  it.each([
    ["x too short", (m: LoadedModel) => m.predict(new Float32Array(5 * IN - 1), 5), RangeError, "x: expected at least 15 values (rows × row size), got 14"],
    ["out too short", (m: LoadedModel) => m.predict(new Float32Array(5 * IN), 5, new Float32Array(9)), RangeError, "out: expected at least 10 values (rows × row size), got 9"],
    ["out of another type", (m: LoadedModel) => m.predict(new Float32Array(5 * IN), 5, new Float64Array(10)), TypeError, "out: expected a Float32Array, got [object Float64Array]"],
    ["x of another type", (m: LoadedModel) => m.predict(new Float64Array(5 * IN), 5), TypeError, "x: expected a Float32Array, got [object Float64Array]"],
    ["negative rows", (m: LoadedModel) => m.predict(new Float32Array(5 * IN), -1), RangeError, "rows must be a non-negative integer, got -1"],
    ["fractional rows", (m: LoadedModel) => m.predict(new Float32Array(5 * IN), 1.5), RangeError, "rows must be a non-negative integer, got 1.5"],
  ] as const)("%s: a clear error", (_name, call, type, message) => {
    const model = new one.Model({ seed: 1 });
    expect(() => call(model)).toThrow(type);
    expect(() => call(model)).toThrow(message);
  });
});
