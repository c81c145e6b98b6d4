// The example networks learn through their generated modules.
import { describe, expect, it } from "vitest";
import { compileAndLoad } from "../support/compile-example.ts";
import xor from "../../examples/xor.net.ts";
import residual from "../../examples/residual.net.ts";
import { rng } from "../support/finite-diff.ts";

describe("training through the generated module", () => {
  it("XOR reaches loss < 0.01", async () => {
    const { module } = await compileAndLoad(xor);
    const model = new module.Model();
    const x = Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]);
    const y = Float32Array.from([0, 1, 1, 0]);
    let loss = model.loss(x, y);
    const first = loss;
    for (let epoch = 0; epoch < 20_000 && loss >= 0.01; epoch++) loss = model.trainStep(x, y);
    loss = model.loss(x, y);
    console.log(`xor: loss ${first.toFixed(4)} → ${loss.toFixed(5)}`);
    expect(loss).toBeLessThan(0.01);
    const out = model.forward(x);
    expect(Array.from(out.slice(0, 4), (v) => Math.round(v))).toEqual([0, 1, 1, 0]);
  });

  it("the residual graph-form network fits a smooth function", async () => {
    const { module } = await compileAndLoad(residual);
    const model = new module.Model();
    const next = rng(3);
    const n = 8;
    const x = Float64Array.from({ length: 64 * n * 16 }, () => 2 * next() - 1);
    const y = new Float64Array(64 * n);
    for (let r = 0; r < y.length; r++) y[r] = Math.sin(x[r * 16]) + 0.5 * x[r * 16 + 1] * x[r * 16 + 2];
    const epochLoss = () => {
      let total = 0;
      for (let b = 0; b < 64; b++) total += model.loss(x.subarray(b * n * 16), y.subarray(b * n), n);
      return total / 64;
    };
    const before = epochLoss();
    for (let epoch = 0; epoch < 150; epoch++) {
      for (let b = 0; b < 64; b++) model.trainStep(x.subarray(b * n * 16), y.subarray(b * n), n);
    }
    const after = epochLoss();
    console.log(`residual: mse ${before.toFixed(4)} → ${after.toFixed(5)}`);
    expect(after).toBeLessThan(before / 10);
  });
});
