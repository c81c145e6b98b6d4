// The compiled step() beyond its update rule (the rules are checked against tf.train in
// optimizer-parity.test.ts): skipNonFinite for every optimizer, and Adagrad's accumulator, which
// starts at initialAccumulatorValue and is saved with the optimizer state.
import { describe, expect, it } from "vitest";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import { rng } from "../../../../support/finite-diff.ts";
import type { LoadedModel, LoadedModule } from "../../../../support/load-module.ts";

type Optimizer = Record<string, unknown> & { type: string };

const spec = (optimizer: Optimizer, dtype = "f32") => ({
  name: "skip",
  dtype,
  maxBatch: 4,
  inputs: { x: [3] },
  targets: { y: [2] },
  layers: [{ type: "dense", units: 5, activation: "relu" }, { type: "dense", units: 2 }],
  loss: { type: "mse" },
  optimizer,
});

function batch(module: LoadedModule, seed: number) {
  const next = rng(seed);
  const random = (length: number) => {
    const a = module.layout.dtype === "f64" ? new Float64Array(length) : new Float32Array(length);
    for (let i = 0; i < length; i++) a[i] = 2 * next() - 1;
    return a;
  };
  return { x: random(12), y: random(8) };
}

/** Everything step() may change: parameters, optimizer state and stepCount (as saved bytes). */
const snapshot = (model: LoadedModel) => ({ params: Array.from(model.params), state: Buffer.from(model.save({ optimizerState: true })) });

const OPTIMIZERS: Optimizer[] = [
  { type: "sgd", lr: 0.1 },
  { type: "sgd", lr: 0.1, momentum: 0.9, nesterov: true },
  { type: "adam", lr: 0.01 },
  { type: "adamw", lr: 0.01, weightDecay: 0.1 },
  { type: "rmsprop", lr: 0.01, momentum: 0.5 },
  { type: "adagrad", lr: 0.1 },
  { type: "adam", lr: 0.01, l2: 0.01, clipNorm: 1 },
];
const label = (o: Optimizer) => JSON.stringify(o);

describe("skipNonFinite (default true)", () => {
  it.each(OPTIMIZERS.map((o) => [label(o), o] as const))("%s: a NaN or ±Infinity batch changes nothing", async (_name, optimizer) => {
    const { module } = await compileAndLoad(spec(optimizer));
    const model = new module.Model({ seed: 2 });
    const good = batch(module, 5);
    for (let i = 0; i < 3; i++) model.trainStep(good.x, good.y);
    const before = snapshot(model);
    const stepCount = model.stepCount;

    for (const [k, bad] of [NaN, Infinity, -Infinity].entries()) {
      const x = good.x.slice();
      x[4] = bad;
      const loss = model.trainStep(x, good.y);
      expect(Number.isNaN(loss) || !Number.isFinite(loss), `loss ${loss}`).toBe(true); // still returned
      expect(Array.from(model.grads).some((g) => !Number.isFinite(g))).toBe(true);
      expect(model.skippedSteps).toBe(k + 1);
      expect(model.stepCount).toBe(stepCount);
      const after = snapshot(model);
      expect(after.params).toEqual(before.params); // bit-identical (toEqual on numbers is Object.is)
      expect(after.state.equals(before.state)).toBe(true);
    }

    // A finite batch trains again, from exactly where it was.
    model.trainStep(good.x, good.y);
    expect(model.stepCount).toBe(stepCount + 1);
    expect(model.skippedSteps).toBe(3);
    expect(Array.from(model.params)).not.toEqual(before.params);
    expect(Array.from(model.params).every(Number.isFinite)).toBe(true);
  });

  it.each(OPTIMIZERS.map((o) => [label(o), o] as const))("%s with skipNonFinite false: the old behaviour (NaN spreads)", async (_name, optimizer) => {
    const { module } = await compileAndLoad(spec({ ...optimizer, skipNonFinite: false }));
    const model = new module.Model({ seed: 2 });
    const good = batch(module, 5);
    const x = good.x.slice();
    x[4] = NaN;
    model.trainStep(x, good.y);
    expect(model.skippedSteps).toBe(0);
    expect(model.stepCount).toBe(1);
    expect(Array.from(model.params).some(Number.isNaN)).toBe(true);
  });

  it("step() alone is guarded too, and a huge but finite gradient is not skipped (f64)", async () => {
    const { module } = await compileAndLoad(spec({ type: "sgd", lr: 1e-10 }, "f64"));
    const model = new module.Model({ seed: 2 });
    const before = Array.from(model.params);
    model.grads.fill(0.5);
    model.grads[7] = Infinity;
    model.step();
    expect(model.skippedSteps).toBe(1);
    expect(Array.from(model.params)).toEqual(before);
    // 1e300² overflows a sum of squares; g·0 does not: this step is applied.
    model.grads.fill(1e300);
    model.step();
    expect(model.skippedSteps).toBe(1);
    expect(model.stepCount).toBe(1);
    expect(model.params[0]).toBe(before[0] - 1e-10 * 1e300);
  });
});

describe("adagrad's accumulator", () => {
  it("starts at initialAccumulatorValue: the first step is θ −= lr·g/√(acc₀ + g² + ε)", async () => {
    const { module } = await compileAndLoad(spec({ type: "adagrad", lr: 0.5, initialAccumulatorValue: 0.25 }, "f64"));
    const model = new module.Model({ seed: 2 });
    const before = Array.from(model.params);
    const g = Array.from({ length: module.layout.paramCount }, (_, i) => (i % 7) - 3);
    model.grads.set(g);
    model.step();
    before.forEach((theta, i) => expect(model.params[i]).toBe(theta - (0.5 * g[i]) / Math.sqrt(0.25 + g[i] * g[i] + 1e-7)));
  });

  it("is saved with the optimizer state: a restored model continues bit-identically", async () => {
    const { module } = await compileAndLoad(spec({ type: "adagrad", lr: 0.1 }));
    const data = [1, 2, 3, 4, 5, 6].map((s) => batch(module, s));
    const model = new module.Model({ seed: 2 });
    for (const d of data.slice(0, 3)) model.trainStep(d.x, d.y);
    const restored = new module.Model({ seed: 9 });
    restored.load(model.save({ optimizerState: true }));
    const paramsOnly = new module.Model({ seed: 9 });
    paramsOnly.load(model.save());
    for (const m of [model, restored, paramsOnly]) for (const d of data.slice(3)) m.trainStep(d.x, d.y);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
    expect(restored.stepCount).toBe(6);
    // Without the accumulator the steps are larger: the state is what made the difference.
    expect(Array.from(paramsOnly.params)).not.toEqual(Array.from(model.params));
  });
});
