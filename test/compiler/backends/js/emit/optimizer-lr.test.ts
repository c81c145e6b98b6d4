// `model.lr` is read by every step(): writing it between steps changes the next update (schedules
// need no recompile), for every optimizer. Two models from the same seed take the same first step;
// then one gets lr × 0.25 and their next updates differ by exactly that factor where the update is
// proportional to lr (all of them: adamw's decoupled decay lr·λ·θ too), and lr = 0 freezes them.
import { describe, expect, it } from "vitest";
import { OPTIMIZERS } from "../../../../../src/spec/types.ts";
import { compileAndLoad } from "../../../../support/compile-example.ts";

const spec = (type: string) => ({
  name: `lr_${type}`,
  dtype: "f64",
  maxBatch: 4,
  inputs: { x: [3] },
  targets: { y: [2] },
  layers: [{ type: "dense", units: 4, activation: "tanh" }, { type: "dense", units: 2 }],
  loss: { type: "mse" },
  optimizer: { type },
});

describe.each(OPTIMIZERS)("%s: lr written between steps", (type) => {
  it("scales the next update, and lr = 0 freezes the parameters", async () => {
    const { module } = await compileAndLoad(spec(type));
    const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const y = Float64Array.from({ length: 8 }, (_, i) => Math.cos(i));
    const a = new module.Model({ seed: 1 });
    const b = new module.Model({ seed: 1 });
    a.trainStep(x, y);
    b.trainStep(x, y);
    const start = Array.from(a.params);
    b.lr = a.lr * 0.25;
    a.trainStep(x, y);
    b.trainStep(x, y);
    const stepA = Array.from(a.params, (p, i) => p - start[i]);
    const stepB = Array.from(b.params, (p, i) => p - start[i]);
    const size = Math.max(...stepA.map(Math.abs));
    expect(size).toBeGreaterThan(0);
    // Update = lr × (a function of the gradients and moments only): exact up to rounding (1e-12).
    stepA.forEach((s, i) => expect(Math.abs(stepB[i] - 0.25 * s), `param ${i}`).toBeLessThanOrEqual(1e-12 * size));

    a.lr = 0;
    const frozen = Array.from(a.params);
    a.trainStep(x, y);
    expect(Array.from(a.params)).toEqual(frozen);
  });
});
