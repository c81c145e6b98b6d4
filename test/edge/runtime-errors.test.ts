// The generated module refuses bad calls with a clear error, before touching any buffer: a batch
// that is not an integer in 1..maxBatch (RangeError), an array of the wrong type (TypeError, naming
// the input), an array shorter than batch × row size (RangeError, naming the input and both sizes),
// and backward() before any loss().
import { describe, expect, it } from "vitest";
import { compileAndLoad } from "../support/compile-example.ts";
import type { LoadedModel } from "../support/load-module.ts";

const SPEC = {
  name: "checks",
  maxBatch: 4,
  inputs: { pixels: [3] },
  targets: { labels: [2] },
  layers: [{ type: "dense", units: 5, activation: "tanh" }, { type: "dense", units: 2 }],
  loss: { type: "softmaxCrossEntropy" },
};

describe.each(["f32", "f64"] as const)("generated module argument checks (%s)", async (dtype) => {
  const { module } = await compileAndLoad(SPEC, { dtype });
  const Typed = dtype === "f64" ? Float64Array : Float32Array;
  const Other = dtype === "f64" ? Float32Array : Float64Array;
  const x = (rows: number) => new Typed(rows * 3);
  const filled = (n: number, f: (i: number) => number) => {
    const a = new Typed(n);
    for (let i = 0; i < n; i++) a[i] = f(i);
    return a;
  };
  const y = (rows: number) => new Typed(rows * 2);
  type Call = (m: LoadedModel, a: unknown, b: unknown, batch?: unknown) => unknown;
  const calls: [string, Call][] = [
    ["forward", (m, a, _b, batch) => (batch === undefined ? m.forward(a) : m.forward(a, batch))],
    ["loss", (m, a, b, batch) => (batch === undefined ? m.loss(a, b) : m.loss(a, b, batch))],
    ["trainStep", (m, a, b, batch) => (batch === undefined ? m.trainStep(a, b) : m.trainStep(a, b, batch))],
  ];

  it.each(calls)("%s: batch outside 1..maxBatch or not an integer → RangeError", (_name, call) => {
    const m = new module.Model();
    for (const batch of [0, -1, 5, 1.5, NaN, Infinity, "2", null]) {
      expect(() => call(m, x(4), y(4), batch), `batch ${String(batch)}`).toThrow(RangeError);
      expect(() => call(m, x(4), y(4), batch)).toThrow(/batch must be an integer in 1\.\.4, got/);
    }
    for (const batch of [1, 4]) expect(() => call(m, x(4), y(4), batch)).not.toThrow();
  });

  it.each(calls)("%s: wrong typed-array type → TypeError naming the input", (_name, call) => {
    const m = new module.Model();
    for (const bad of [new Other(12), Array.from({ length: 12 }, () => 0), new Int32Array(12), null, undefined, "xxxxxxxxxxxx"]) {
      expect(() => call(m, bad, y(4), 4)).toThrow(TypeError);
      expect(() => call(m, bad, y(4), 4)).toThrow(new RegExp(`pixels: expected a ${Typed.name}, got \\[object `));
    }
  });

  it.each(calls.slice(1))("%s: wrong target type → TypeError naming the target", (_name, call) => {
    const m = new module.Model();
    expect(() => call(m, x(4), new Other(8), 4)).toThrow(/labels: expected a Float(32|64)Array/);
  });

  it.each(calls)("%s: array shorter than batch × row size → RangeError with both sizes", (_name, call) => {
    const m = new module.Model();
    expect(() => call(m, x(2), y(4), 3)).toThrow(RangeError);
    expect(() => call(m, x(2), y(4), 3)).toThrow("pixels: expected at least 9 values (batch × row size), got 6");
    // Default batch is maxBatch: the arrays must hold maxBatch rows.
    expect(() => call(m, x(3), y(4))).toThrow("pixels: expected at least 12 values (batch × row size), got 9");
    // Exactly batch rows, or a subarray view, is fine.
    expect(() => call(m, x(3), y(3), 3)).not.toThrow();
    expect(() => call(m, x(4).subarray(3), y(4).subarray(2), 3)).not.toThrow();
  });

  it("loss / trainStep: short target → RangeError naming the target", () => {
    const m = new module.Model();
    expect(() => m.loss(x(4), y(1), 2)).toThrow("labels: expected at least 4 values (batch × row size), got 2");
    expect(() => m.trainStep(x(4), y(1), 2)).toThrow(RangeError);
  });

  it("a refused call changes nothing: parameters and the last loss() stay as they were", () => {
    const m = new module.Model({ seed: 1 });
    const before = Array.from(m.params);
    expect(() => m.trainStep(x(4), y(1), 4)).toThrow(RangeError);
    expect(Array.from(m.params)).toEqual(before);
  });

  it("a refused loss() leaves backward() working on the last accepted call", () => {
    // The arrays of a call are checked all before any is kept: otherwise a call refused for its
    // target would leave its input behind, and backward() would mix it with the old activations.
    const m = new module.Model({ seed: 1 });
    const x1 = filled(12, (i) => Math.sin(i));
    const y1 = filled(8, (i) => (i % 2 === 0 ? 1 : 0));
    m.loss(x1, y1, 4);
    m.backward();
    const expected = Array.from(m.grads);
    const x2 = filled(12, (i) => Math.cos(3 * i));
    expect(() => m.loss(x2, y(1), 4)).toThrow(RangeError);
    m.backward();
    expect(Array.from(m.grads)).toEqual(expected);
  });

  it("forward() between loss() and backward(): the right gradients or a clear error, never wrong ones", () => {
    // forward() reuses the arena that holds the activations backward() needs.
    const m = new module.Model({ seed: 1 });
    const x1 = filled(12, (i) => Math.sin(i));
    const y1 = filled(8, (i) => (i % 2 === 0 ? 1 : 0));
    m.loss(x1, y1, 4);
    m.backward();
    const expected = Array.from(m.grads);
    m.loss(x1, y1, 4);
    m.forward(filled(12, (i) => Math.cos(3 * i)), 2);
    let threw = false;
    try {
      m.backward();
    } catch (e) {
      threw = true;
      expect(String(e)).toMatch(/loss\(\)/);
    }
    if (!threw) expect(Array.from(m.grads)).toEqual(expected);
  });

  it("backward() before any loss() → Error", () => {
    const m = new module.Model();
    expect(() => m.backward()).toThrow(/backward\(\) needs a loss\(\) call first/);
  });

  it("seed: integers 0..2³²−1 only (anything else would wrap to another seed)", () => {
    for (const seed of [NaN, 2 ** 32, -(2 ** 32), 1.5, -1, Infinity, -Infinity, 2 ** 53]) {
      expect(() => new module.Model({ seed }), `seed ${seed}`).toThrow(RangeError);
      expect(() => new module.Model({ seed })).toThrow(`seed must be an integer in 0..4294967295, got ${seed}`);
    }
    for (const [seed, kind] of [["1", "string"], [null, "object"], [1n, "bigint"], [true, "boolean"]] as const) {
      expect(() => new module.Model({ seed: seed as unknown as number })).toThrow(`seed must be an integer in 0..4294967295, got a ${kind}`);
    }
    const first = new module.Model({ seed: 0 }).params;
    expect(Array.from(new module.Model({ seed: 2 ** 32 - 1 }).params)).not.toEqual(Array.from(first));
    expect(Array.from(new module.Model({ seed: 0 }).params)).toEqual(Array.from(first));
    expect(() => new module.Model({})).not.toThrow();
  });
});
