// Weight initialization: the distributions match Keras / TensorFlow.js, the seeded stream is
// bit-identical everywhere (pinned by golden values), and the arithmetic-only ln is exact enough.
import { beforeAll, describe, expect, it } from "vitest";
import { transform } from "esbuild";
import { INIT_HELPERS } from "../../../../../compiler/backends/js/emit/init.ts";
import { compileAndLoad } from "../../../../support/compile-example.ts";

let helpers: { portableLog(x: number): number; seededRandom(state: Uint32Array): number };

beforeAll(async () => {
  const js = await transform(`${INIT_HELPERS}\nexport { portableLog, seededRandom };`, { loader: "ts", format: "esm" });
  helpers = await import(`data:text/javascript;base64,${Buffer.from(js.code).toString("base64")}`);
});

describe("portableLog (+ − × ÷ only)", () => {
  it("agrees with Math.log to a few ulps over (0, 1] and beyond", () => {
    let worst = 0;
    for (const x of [1e-300, 1e-12, 1e-7, 0.001, 0.1, 0.25, 0.5, 0.75, 0.999999, 1, 1.5, 2, 3, 1e6]) {
      worst = Math.max(worst, Math.abs(helpers.portableLog(x) - Math.log(x)) / Math.max(1, Math.abs(Math.log(x))));
    }
    for (let i = 1; i < 2000; i++) {
      const x = i / 2000;
      worst = Math.max(worst, Math.abs(helpers.portableLog(x) - Math.log(x)) / Math.max(1, Math.abs(Math.log(x))));
    }
    expect(worst).toBeLessThan(1e-14);
  });
});

describe("seeded initialization", () => {
  it("is pinned: seed 1 gives these exact uniforms on every machine", () => {
    const state = new Uint32Array([1]);
    const first = [helpers.seededRandom(state), helpers.seededRandom(state), helpers.seededRandom(state)];
    expect(first).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  const layer = (kernelInitializer: string, activation = "identity") => ({
    name: "init",
    maxBatch: 1,
    seed: 11,
    inputs: { x: [400] },
    targets: { y: [300] },
    layers: [{ type: "dense", units: 300, activation, kernelInitializer, biasInitializer: "zeros" }],
    loss: { type: "mse" },
  });

  // Keras / TensorFlow.js: variance 2/fanIn (He) or 2/(fanIn + fanOut) (Glorot); uniform in
  // ±√(3·variance); normal truncated at 2σ (whose standard deviation is 0.8796·σ).
  const TRUNCATED_STD = 0.879626;
  it.each([
    ["heUniform", Math.sqrt(2 / 400), "uniform"],
    ["heNormal", Math.sqrt(2 / 400), "normal"],
    ["glorotUniform", Math.sqrt(2 / 700), "uniform"],
    ["glorotNormal", Math.sqrt(2 / 700), "normal"],
  ] as const)("%s has the right spread and bounds", async (init, sigma, kind) => {
    const { module } = await compileAndLoad(layer(init));
    const w = Array.from(new module.Model().params.subarray(0, 400 * 300));
    const n = w.length;
    const mean = w.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    const bound = kind === "uniform" ? Math.sqrt(3) * sigma : 2 * sigma;
    const expectedStd = kind === "uniform" ? sigma : TRUNCATED_STD * sigma;
    expect(Math.abs(mean)).toBeLessThan((5 * expectedStd) / Math.sqrt(n));
    expect(Math.abs(std / expectedStd - 1)).toBeLessThan(0.01);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound * (1 + 1e-6));
  });

  it("defaults: He normal after relu, Glorot uniform otherwise, zero biases", async () => {
    const { result } = await compileAndLoad({
      ...layer("zeros"),
      layers: [{ type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 300, activation: "tanh" }],
    });
    expect(result.code).toMatch(/seededTruncatedNormal\(this\.params, 0, 3200, 0\.0707\d+, state\); \/\/ heNormal/);
    expect(result.code).toMatch(/seededUniform\(this\.params, 3208, 5608, [\d.]+, state\); \/\/ glorotUniform/);
    expect(result.code).not.toMatch(/seededUniform\(this\.params, 3200,/);
  });

  it("same seed → same weights; another seed → other weights", async () => {
    const { module } = await compileAndLoad(layer("heNormal"));
    const a = new module.Model().params;
    expect(Array.from(new module.Model({ seed: 11 }).params)).toEqual(Array.from(a));
    expect(Array.from(new module.Model({ seed: 12 }).params)).not.toEqual(Array.from(a));
  });
});
