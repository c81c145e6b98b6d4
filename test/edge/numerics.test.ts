// Numerical edge cases, in float32 and float64: logits of ±1e4 in both cross-entropies, saturated
// activations, relu / leakyRelu / elu exactly at their kink, size-1 layers and batch 1, a
// single-class softmax, and NaN / ±Infinity in the data.
//
// Conventions (README "Numerics"): at x = 0 the derivative of relu is 0, of leakyRelu α and of elu
// α (the x ≤ 0 branch), as TensorFlow.js. Cross-entropies work on logits through log-sum-exp /
// log1p(e^−|z|), so any finite logits give a finite loss. Values are not checked at run time:
// NaN and ±Infinity propagate through forward, loss and backward (IEEE 754), every loop has
// constant bounds, so a call always returns; a step with non-finite gradients is skipped.
import { beforeAll, describe, expect, it } from "vitest";
import { validateSpec, type DType } from "../../src/index.ts";
import { compileAndLoad } from "../support/compile-example.ts";
import type { LoadedModel, LoadedModule } from "../support/load-module.ts";
import { tfReady } from "../support/tfjs-oracle.ts";
import { compareWithOracle, describeComparison, runModel } from "../support/oracle-check.ts";
import { checkGradients, FD_TOLERANCE } from "../support/finite-diff.ts";

beforeAll(tfReady);

const DTYPES: DType[] = ["f32", "f64"];

function setParam(module: LoadedModule, model: LoadedModel, name: string, values: readonly number[]): void {
  const p = module.layout.params.find((q) => q.name === name);
  if (!p) throw new Error(`no parameter ${name}`);
  expect(values.length).toBe(p.length);
  model.params.set(values, p.offset);
}

const typed = (dtype: DType, values: readonly number[]) => (dtype === "f64" ? Float64Array.from(values) : Float32Array.from(values));
const param = (module: LoadedModule, model: LoadedModel, name: string) => {
  const p = module.layout.params.find((q) => q.name === name)!;
  return Array.from(model.grads.subarray(p.offset, p.offset + p.length));
};
/** Equal up to float rounding of the dtype, relative to max(1, |expected|). */
function expectClose(actual: readonly number[], expected: readonly number[], dtype: DType): void {
  const tol = dtype === "f64" ? 1e-12 : 1e-6;
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(Number.isFinite(a), `element ${i} is ${a}`).toBe(true);
    expect(Math.abs(a - expected[i]), `element ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])));
  });
}

describe("logits of ±1e4: finite loss and gradients at the analytic limit", () => {
  it.each(DTYPES)("softmaxCrossEntropy (%s)", async (dtype) => {
    // z = x · kernel = [1e4, −1e4, 0] for x = 1; softmax(z) = [1, 0, 0] to every digit.
    const spec = { name: "lse", dtype, maxBatch: 3, inputs: { x: [1] }, targets: { y: [3] }, layers: [{ type: "dense", units: 3, useBias: false }], loss: { type: "softmaxCrossEntropy" } };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model();
    setParam(module, model, "dense1.kernel", [1e4, -1e4, 0]);
    const x = typed(dtype, [1, 1, 1]);
    // Row 0 labels the largest logit (loss 0), row 1 the logit 0 (loss 1e4), row 2 the smallest (2e4).
    const y = typed(dtype, [1, 0, 0, 0, 0, 1, 0, 1, 0]);
    const loss = model.loss(x, y, 3);
    expectClose([loss], [1e4], dtype);
    expectClose(Array.from(model.forward(x, 3)), [1, 0, 0, 1, 0, 0, 1, 0, 0], dtype);
    model.loss(x, y, 3);
    model.backward();
    // ∂L/∂z = (softmax(z) − y) / rows per row: [0,0,0], [1,0,−1], [1,−1,0]; ∂L/∂kernel = x · Σ_rows.
    expectClose(param(module, model, "dense1.kernel"), [2 / 3, -1 / 3, -1 / 3], dtype);

    // TensorFlow.js agrees (its logSoftmax is stable too).
    const run = runModel(module, model, [x, y], 3);
    const c = compareWithOracle(validateSpec(spec), module.layout, model.params, [x], [y], 3, run);
    expect(c.worst, describeComparison(c)).toBeLessThan(c.tolerance);
  });

  it.each(DTYPES)("sigmoidCrossEntropy (%s)", async (dtype) => {
    const spec = { name: "bce", dtype, maxBatch: 2, inputs: { x: [1] }, targets: { y: [2] }, layers: [{ type: "dense", units: 2, useBias: false }], loss: { type: "sigmoidCrossEntropy" } };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model();
    setParam(module, model, "dense1.kernel", [1e4, -1e4]);
    const x = typed(dtype, [1, 1]);
    const y = typed(dtype, [1, 0, 0, 1]); // row 0 right (loss 0), row 1 wrong by 1e4 twice
    expectClose([model.loss(x, y, 2)], [(0 + 0 + 1e4 + 1e4) / 4], dtype);
    expectClose(Array.from(model.forward(x, 2)), [1, 0, 1, 0], dtype);
    model.loss(x, y, 2);
    model.backward();
    // ∂L/∂z = (σ(z) − y) / 4: row 0 [0, 0], row 1 [1/4, −1/4].
    expectClose(param(module, model, "dense1.kernel"), [0.25, -0.25], dtype);
    const run = runModel(module, model, [x, y], 2);
    const c = compareWithOracle(validateSpec(spec), module.layout, model.params, [x], [y], 2, run);
    expect(c.worst, describeComparison(c)).toBeLessThan(c.tolerance);
  });
});

// ---- Saturation ------------------------------------------------------------------------------

const σ = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const GELU_C = Math.sqrt(2 / Math.PI);
/** Reference values and derivatives, written independently of compiler/ops (stable forms). */
const REFERENCE: Record<string, { f: (z: number) => number; df: (z: number) => number }> = {
  sigmoid: { f: σ, df: (z) => σ(z) * σ(-z) },
  tanh: { f: Math.tanh, df: (z) => 4 / (Math.exp(z) + Math.exp(-z)) ** 2 },
  softplus: { f: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))), df: σ },
  silu: { f: (z) => z * σ(z), df: (z) => σ(z) * (1 + z * σ(-z)) },
  elu: { f: (z) => (z > 0 ? z : Math.expm1(z)), df: (z) => (z > 0 ? 1 : Math.exp(z)) },
  gelu: {
    f: (z) => 0.5 * z * (1 + Math.tanh(GELU_C * (z + 0.044715 * z ** 3))),
    df: (z) => {
      const t = Math.tanh(GELU_C * (z + 0.044715 * z ** 3));
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * z * z);
    },
  },
};
const SATURATING = [1e4, -1e4, 800, -800, 50, -50];
/** Near the largest finite value of each dtype: 1e38 (float32 max 3.4e38), 1e300 in float64. */
const EXTREME: Record<DType, number> = { f32: 1e38, f64: 1e300 };

describe("saturated activations: finite, and at their limits", () => {
  const cases = DTYPES.flatMap((dtype) => Object.keys(REFERENCE).map((act) => [act, dtype] as const));
  it.each(cases)("%s (%s) at z = ±1e4, ±800, ±50", async (act, dtype) => {
    // z = kernel (x = 1), a = act(z), loss = mean((a − t)²) with t = 0.5: ∂L/∂z = act′(z)·2(a − t)/N.
    const n = SATURATING.length;
    const spec = { name: "sat", dtype, maxBatch: 1, inputs: { x: [1] }, targets: { y: [n] }, layers: [{ type: "dense", units: n, activation: act, useBias: false }], loss: { type: "mse" } };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model();
    setParam(module, model, "dense1.kernel", SATURATING);
    const ref = REFERENCE[act];
    const x = typed(dtype, [1]);
    const y = typed(dtype, Array(n).fill(0.5));
    const loss = model.loss(x, y, 1);
    const a = SATURATING.map(ref.f);
    expectClose(Array.from(model.forward(x, 1)), a, dtype);
    expectClose([loss], [a.reduce((s, v) => s + (v - 0.5) ** 2, 0) / n], dtype);
    model.loss(x, y, 1);
    model.backward();
    expectClose(param(module, model, "dense1.kernel"), SATURATING.map((z, i) => (ref.df(z) * 2 * (a[i] - 0.5)) / n), dtype);
  });

  // Logits ±1e4, ±800, ±50, and the extremes of the dtype (1e38 in float32, 1e300 in float64).
  const softmaxCases = DTYPES.flatMap((dtype) => [
    [dtype, "±1e4, ±800, ±50", SATURATING],
    [dtype, "±1e38 / ±1e300", [EXTREME[dtype], -EXTREME[dtype], 0]],
  ] as const);
  it.each(softmaxCases)("softmax over saturated logits (%s, %s): one-hot output, zero Jacobian", async (dtype, _label, logits) => {
    const n = logits.length;
    const spec = { name: "satsm", dtype, maxBatch: 1, inputs: { x: [1] }, targets: { y: [n] }, layers: [{ type: "dense", units: n, activation: "softmax", useBias: false }], loss: { type: "mse" } };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model();
    setParam(module, model, "dense1.kernel", logits);
    const x = typed(dtype, [1]);
    model.loss(x, typed(dtype, Array(n).fill(0.5)), 1);
    model.backward();
    expectClose(Array.from(model.forward(x, 1)), logits.map((_, i) => (i === 0 ? 1 : 0)), dtype);
    expectClose(param(module, model, "dense1.kernel"), Array(n).fill(0), dtype);
  });
});

// ---- The extremes of each dtype ----------------------------------------------------------------

/** Value and slope of each activation far from 0, from its limits (not its formula): [a, a′]. */
const LIMITS: Record<string, (z: number, alpha: number) => [number, number]> = {
  identity: (z) => [z, 1],
  relu: (z) => (z > 0 ? [z, 1] : [0, 0]),
  leakyRelu: (z, alpha) => (z > 0 ? [z, 1] : [alpha * z, alpha]),
  elu: (z, alpha) => (z > 0 ? [z, 1] : [-alpha, 0]),
  sigmoid: (z) => (z > 0 ? [1, 0] : [0, 0]),
  tanh: (z) => (z > 0 ? [1, 0] : [-1, 0]),
  softplus: (z) => (z > 0 ? [z, 1] : [0, 0]),
  gelu: (z) => (z > 0 ? [z, 1] : [0, 0]),
  silu: (z) => (z > 0 ? [z, 1] : [0, 0]),
};
/** Each activation with its default α, and the ones taking α with others (negative included). */
const EXTREME_CASES: [string, number | undefined][] = [
  ...Object.keys(LIMITS).map((act): [string, number | undefined] => [act, undefined]),
  ["leakyRelu", 0.01],
  ["leakyRelu", -0.5],
  ["elu", 0.5],
  ["elu", 2.5],
];
const DEFAULT_ALPHA: Record<string, number> = { leakyRelu: 0.2, elu: 1 };

describe("every activation at ±1e38 (f32) and ±1e300 (f64): no NaN, the saturated value and slope", () => {
  const cases = DTYPES.flatMap((dtype) =>
    EXTREME_CASES.map(([act, alpha]) => [`${act}${alpha === undefined ? "" : `(α = ${alpha})`}`, dtype, act, alpha] as const),
  );
  it.each(cases)("%s (%s)", async (_label, dtype, act, alpha) => {
    // z = kernel (x = 1) = [+X, −X], a = act(z), loss = mean((a − ½)²): ∂L/∂z = a′(z)·(a − ½) (N = 2).
    const spec = {
      name: "extreme",
      dtype,
      maxBatch: 1,
      inputs: { x: [1] },
      targets: { y: [2] },
      layers: [{ type: "dense", units: 2, activation: act, useBias: false, ...(alpha === undefined ? {} : { alpha }) }],
      loss: { type: "mse" },
    };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model();
    const X = EXTREME[dtype];
    setParam(module, model, "dense1.kernel", [X, -X]);
    const z = Array.from(model.params.subarray(0, 2)); // X as the dtype holds it
    const limits = z.map((v) => LIMITS[act](v, alpha ?? DEFAULT_ALPHA[act] ?? 0));
    const x = typed(dtype, [1]);
    const y = typed(dtype, [0.5, 0.5]);
    expectClose(Array.from(model.forward(x, 1)), limits.map(([a]) => a), dtype);
    // The loss is (X − ½)²-sized: +Infinity, correctly, when a = ±X; never NaN.
    expect(model.loss(x, y, 1)).not.toBeNaN();
    model.backward();
    expectClose(param(module, model, "dense1.kernel"), limits.map(([a, slope]) => slope * (a - 0.5)), dtype);
  });
  // softmax at the extremes: with the saturated logits above.
});

// ---- Kinks -----------------------------------------------------------------------------------

describe("relu, leakyRelu and elu exactly at 0: the x ≤ 0 slope, as TensorFlow.js", () => {
  const cases = DTYPES.flatMap((dtype) =>
    [
      ["relu", undefined, 0],
      ["leakyRelu", 0.2, 0.2],
      ["leakyRelu", 0.05, 0.05],
      ["elu", 1, 1],
      ["elu", 0.5, 0.5],
    ].map(([act, alpha, slope]) => [`${act}${alpha === undefined ? "" : `(${alpha})`} (${dtype})`, act as string, alpha as number | undefined, slope as number, dtype] as const),
  );
  it.each(cases)("%s", async (_label, act, alpha, slope, dtype) => {
    // x = 0 and bias = 0: z = 0 exactly. The head dense(1) with kernel w gives ∂L/∂a = w · ∂L/∂out.
    const spec = {
      name: "kink",
      dtype,
      maxBatch: 1,
      inputs: { x: [2] },
      targets: { y: [1] },
      layers: [{ type: "dense", units: 2, activation: act, ...(alpha === undefined ? {} : { alpha }) }, { type: "dense", units: 1, useBias: false }],
      loss: { type: "mse" },
    };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model({ seed: 1 });
    setParam(module, model, "dense1.bias", [0, 0]);
    setParam(module, model, "dense2.kernel", [0.5, -2]);
    const x = typed(dtype, [0, 0]);
    const y = typed(dtype, [1]);
    model.loss(x, y, 1);
    model.backward();
    // a = 0, out = 0, ∂L/∂out = 2(0 − 1) = −2, ∂L/∂a = [−1, 4], ∂L/∂bias = slope · [−1, 4].
    expectClose(param(module, model, "dense1.bias"), [-1 * slope, 4 * slope], dtype);
    const run = runModel(module, model, [x, y], 1);
    const c = compareWithOracle(validateSpec(spec), module.layout, model.params, [x], [y], 1, run);
    expect(c.worst, describeComparison(c)).toBeLessThan(c.tolerance);
  });
});

// ---- Sizes -----------------------------------------------------------------------------------

describe("zero-size layers are rejected; size-1 layers, batch 1 and one-class softmax work", () => {
  it.each([
    [{ layers: [{ type: "dense", units: 0 }] }, "layers[0].units", /expected a positive integer, got 0/],
    [{ inputs: { x: [0] } }, "inputs.x[0]", /expected a positive integer, got 0/],
    [{ targets: { y: [1, 0] } }, "targets.y[1]", /expected a positive integer, got 0/],
    // [] is a per-sample scalar (a valid value since issue 16), but dense maps the last axis, which it lacks
    [{ inputs: { x: [] } }, "layers[0]", /dense "dense1" needs an input of rank ≥ 1/],
  ])("%j → %s", (patch, path, message) => {
    const spec = { name: "z", inputs: { x: [2] }, targets: { y: [1] }, layers: [{ type: "dense", units: 1 }], loss: { type: "mse" }, ...patch };
    expect(() => validateSpec(spec)).toThrow(expect.objectContaining({ path, message: expect.stringMatching(message) }));
  });

  it("graph form: a zero-unit node names its field", () => {
    const spec = { name: "z", inputs: { x: [2] }, targets: { y: [1] }, nodes: { h: { type: "dense", input: "x", units: 0 } }, output: "h", loss: { type: "mse" } };
    expect(() => validateSpec(spec)).toThrow(expect.objectContaining({ path: "nodes.h.units" }));
  });

  it.each(DTYPES)("1 → 1 → 1 → 1 with maxBatch 1 and batch 1 (%s): gradients match FD / TensorFlow.js", async (dtype) => {
    const spec = {
      name: "tiny",
      dtype,
      maxBatch: 1,
      inputs: { x: [1] },
      targets: { y: [1] },
      layers: [{ type: "dense", units: 1, activation: "tanh" }, { type: "dense", units: 1, activation: "gelu" }, { type: "dense", units: 1 }],
      loss: { type: "mse" },
    };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model({ seed: 4 });
    for (const p of module.layout.params) if (p.name.endsWith("bias")) model.params[p.offset] = 0.25;
    const x = typed(dtype, [0.7]);
    const y = typed(dtype, [-0.3]);
    if (dtype === "f64") expect(checkGradients(model, () => model.loss(x, y, 1), module.layout.params).worst).toBeLessThan(FD_TOLERANCE);
    const run = runModel(module, model, [x, y], 1);
    const c = compareWithOracle(validateSpec(spec), module.layout, model.params, [x], [y], 1, run);
    expect(c.worst, describeComparison(c)).toBeLessThan(c.tolerance);
  });

  it.each(DTYPES)("softmaxCrossEntropy with one class (%s): output 1, loss 0, zero gradients", async (dtype) => {
    const spec = { name: "one", dtype, maxBatch: 2, inputs: { x: [3] }, targets: { y: [1] }, layers: [{ type: "dense", units: 1 }], loss: { type: "softmaxCrossEntropy" } };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model({ seed: 2 });
    const x = typed(dtype, [0.1, -2, 3, 4, 5, -6]);
    const y = typed(dtype, [1, 1]);
    expect(model.loss(x, y, 2)).toBe(0);
    expect(Array.from(model.forward(x, 2).subarray(0, 2))).toEqual([1, 1]);
    model.loss(x, y, 2);
    model.backward();
    expect(Array.from(model.grads).every((g) => g === 0)).toBe(true);
  });
});

// ---- NaN and Infinity ------------------------------------------------------------------------

describe("NaN and ±Infinity in the data propagate (no check, no hang, no throw)", () => {
  const spec = (dtype: DType) => ({
    name: "nan",
    dtype,
    maxBatch: 3,
    inputs: { x: [2] },
    targets: { y: [3] },
    layers: [{ type: "dense", units: 4, activation: "relu" }, { type: "dense", units: 3 }],
    loss: { type: "softmaxCrossEntropy" },
  });
  const cases = DTYPES.flatMap((dtype) => [NaN, Infinity, -Infinity].map((bad) => [`${String(bad)} in one input row (${dtype})`, bad, dtype] as const));

  // "No hang": every loop has a constant bound (the batch at most maxBatch), so each call below is
  // a fixed amount of work whatever the data; the test's own timeout would catch a loop that is not.
  it.each(cases)("%s", async (_label, bad, dtype) => {
    const { module } = await compileAndLoad(spec(dtype));
    const model = new module.Model({ seed: 3 });
    const x = typed(dtype, [0.5, -0.5, bad, 1, 0.25, 0.75]);
    const y = typed(dtype, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const out = Array.from(model.forward(x, 3));
    // Rows are independent in the forward pass: only row 1 is poisoned.
    expect(out.slice(0, 3).every(Number.isFinite)).toBe(true);
    expect(out.slice(6, 9).every(Number.isFinite)).toBe(true);
    expect(out.slice(3, 6).some((v) => Number.isNaN(v))).toBe(true);
    // The loss and the gradients are batch means: not finite.
    const loss = model.loss(x, y, 3);
    expect(Number.isFinite(loss)).toBe(false);
    model.backward();
    expect(Array.from(model.grads).some((g) => !Number.isFinite(g))).toBe(true);
    // A training step does not write them into the parameters (skipNonFinite, the default: it is
    // skipped and counted; optimizer.test.ts checks each optimizer, and the option turned off);
    // nothing throws, nothing hangs.
    const before = Array.from(model.params);
    expect(Number.isFinite(model.trainStep(x, y, 3))).toBe(false);
    expect(model.skippedSteps).toBe(1);
    expect(Array.from(model.params)).toEqual(before);
  });

  it.each(DTYPES)("NaN in a target (%s): NaN loss, the outputs untouched", async (dtype) => {
    const { module } = await compileAndLoad(spec(dtype));
    const model = new module.Model({ seed: 3 });
    const x = typed(dtype, [0.5, -0.5, 0, 1, 0.25, 0.75]);
    const y = typed(dtype, [1, 0, 0, 0, NaN, 0, 0, 0, 1]);
    expect(model.loss(x, y, 3)).toBeNaN();
    expect(Array.from(model.forward(x, 3)).every(Number.isFinite)).toBe(true);
  });
});
