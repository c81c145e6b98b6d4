// batchNormalization (issue 13) against TensorFlow.js, from identical weights, in float32 (< 1e-4):
// - training mode (loss, output and every gradient) for the table of test/support/norm-cases.ts,
//   each network built independently in tf ops (test/support/tfjs-oracle/nodes.ts: the batch's mean
//   and biased variance, as tf.layers.batchNormalization computes them in training);
// - tf.layers.batchNormalization itself: its training output and the moving statistics it keeps,
//   step by step for 10 batches (apply(x, { training: true }) updates them, as loss() does here),
//   then its inference output against forward() and evaluate().
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { expectLayerMatchesOracle } from "../support/layer-oracle.ts";
import { tfReady } from "../support/tfjs-oracle.ts";
import { WorstTable, compareArrays } from "../support/compare.ts";
import { BATCH_NORM_CASES } from "../support/norm-cases.ts";
import { compileAndLoad } from "../support/compile-example.ts";
import { rng } from "../support/finite-diff.ts";

const ISSUE_BOUND = 1e-4;
/**
 * Elementwise relative error with a floor at 1% of the array's largest value: a normalized value
 * near 0 is a difference x − μ of values of order 1, whose float32 rounding is at that scale.
 */
const relativeError = (a: ArrayLike<number>, b: ArrayLike<number>) => compareArrays(a, b, 0.01).worst;
const table = new WorstTable();
beforeAll(tfReady);
afterAll(() => console.log(table.format("batchNormalization, worst relative errors (f32 = tapeless float32, tf = TensorFlow.js, f64 = tapeless float64):")));

/**
 * A bias right before the normalization has a gradient of 0 in exact arithmetic, rounding noise on
 * either side (finite differences check that it vanishes): here the layer goes without it.
 */
function withoutVanishingBias(spec: Record<string, unknown>, zero: readonly string[]): Record<string, unknown> {
  const nodes = spec.nodes as Record<string, Record<string, unknown>> | undefined;
  if (!nodes) return spec;
  const layers = new Set(zero.map((name) => name.slice(0, name.lastIndexOf("."))));
  return { ...spec, nodes: Object.fromEntries(Object.entries(nodes).map(([k, v]) => [k, layers.has(k) ? { ...v, useBias: false } : v])) };
}

describe("batchNormalization in training mode: tapeless float32 = TensorFlow.js ops (and both ≈ tapeless float64)", () => {
  it.each(BATCH_NORM_CASES.map((c) => [c.label, c] as const))("%s", { timeout: 60_000 }, async (label, c) => {
    await expectLayerMatchesOracle(label, withoutVanishingBias(c.spec, c.zeroGradient ?? []), table, ISSUE_BOUND);
  });
});

// tf.layers.batchNormalization of TensorFlow.js 4.22 serves only for the last axis with center and
// scale (the last test shows why); the other cases are checked against tf ops above.
const LAYERS = [
  { label: "axis -1 of [4, 4, 3], defaults", shape: [4, 4, 3], options: {} },
  { label: "axis -1 of [6], momentum 0.9, epsilon 0.01", shape: [6], options: { momentum: 0.9, epsilon: 0.01 } },
  { label: "axis -1 of [2, 3, 2], momentum 0.5", shape: [2, 3, 2], options: { momentum: 0.5 } },
];

describe("batchNormalization = tf.layers.batchNormalization: training outputs, moving statistics over 10 steps, inference", () => {
  it.each(LAYERS.map((c) => [c.label, c] as const))("%s", { timeout: 60_000 }, async (_, { shape, options }) => {
    const batch = 5;
    const spec = { name: "bn", dtype: "f32", maxBatch: batch, inputs: { x: shape }, targets: { y: shape }, layers: [{ type: "batchNormalization", ...options }], loss: { type: "mse" } };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model({ seed: 1 });
    const next = rng(17);
    const random = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * next());
    for (let i = 0; i < model.params.length; i++) model.params[i] = 0.5 + next(); // γ, β ≠ their defaults
    for (let i = 0; i < model.state.length; i++) model.state[i] = 0.2 + next(); // moving statistics too
    const axisUser = (options as { axis?: number }).axis ?? -1;
    const axis = axisUser < 0 ? shape.length + axisUser : axisUser;
    const size = shape[axis]!;
    const layer = tf.layers.batchNormalization({ ...options, axis: axis + 1 }); // tf counts the batch axis
    layer.build([null, ...shape]);
    // tf's weights in Keras order [gamma, beta, movingMean, movingVariance], from tapeless's
    const slice = (name: string) => {
      const p = [...module.layout.params, ...module.layout.state].find((e) => e.name === `batchNormalization1.${name}`);
      if (!p) return undefined;
      const from = module.layout.params.includes(p as never) ? model.params : model.state;
      return tf.tensor1d(Array.from(from.subarray(p.offset, p.offset + p.length)));
    };
    const weights = ["gamma", "beta", "movingMean", "movingVariance"].map(slice).filter((t): t is tf.Tensor1D => t !== undefined);
    expect(weights.length).toBe(layer.getWeights().length);
    layer.setWeights(weights);
    const initialState = Array.from(model.state);
    const n = batch * shape.reduce((a, b) => a * b, 1);
    const y = new Float32Array(n);
    let worst = 0;
    for (let step = 0; step < 10; step++) {
      const x = random(n, -2, 3);
      model.loss(x, y);
      const expected = tf.tidy(() => (layer.apply(tf.tensor(x, [batch, ...shape]), { training: true }) as tf.Tensor).dataSync());
      worst = Math.max(worst, relativeError(Array.from(model.output), Array.from(expected)));
    }
    table.note(`tf.layers ${shape.join("×")} ${JSON.stringify(options)}`, "train (10 steps)", worst);
    expect(worst).toBeLessThan(ISSUE_BOUND);
    // the moving statistics after 10 updates
    const tfWeights = layer.getWeights().map((w) => Array.from(w.dataSync()));
    const moving = tfWeights.slice(-2).flat();
    const stateError = relativeError(Array.from(model.state), moving);
    table.note(`tf.layers ${shape.join("×")} ${JSON.stringify(options)}`, "moving stats", stateError);
    expect(stateError).toBeLessThan(ISSUE_BOUND);
    expect(model.state.length).toBe(2 * size);
    // not vacuous: 10 batches moved the statistics (the means from about 0.7 towards 0.5, for instance)
    expect(compareArrays(Array.from(model.state), initialState).worst).toBeGreaterThan(1e-3);
    // inference: the moving statistics
    const x = random(n, -2, 3);
    const inferred = tf.tidy(() => Array.from((layer.apply(tf.tensor(x, [batch, ...shape]), { training: false }) as tf.Tensor).dataSync()));
    const inferError = relativeError(Array.from(model.forward(x)), inferred);
    table.note(`tf.layers ${shape.join("×")} ${JSON.stringify(options)}`, "inference", inferError);
    expect(inferError).toBeLessThan(ISSUE_BOUND);
    const mse = inferred.reduce((s, v) => s + v * v, 0) / n;
    expect(Math.abs(model.evaluate(x, y) - mse) / mse).toBeLessThan(ISSUE_BOUND);
  });
});

describe("what tf.layers.batchNormalization of TensorFlow.js 4.22 cannot check", () => {
  it("throws without beta or gamma (center or scale false), and normalizes a non-last axis wrongly in training", () => {
    for (const options of [{ center: false }, { scale: false }]) {
      const layer = tf.layers.batchNormalization(options);
      layer.build([null, 4]);
      expect(() => layer.apply(tf.ones([2, 4]), { training: true }), JSON.stringify(options)).toThrow(/Cannot read properties of undefined/);
    }
    const layer = tf.layers.batchNormalization({ axis: 1 });
    layer.build([null, 3, 5]);
    const x = tf.tensor3d(Array.from({ length: 45 }, (_, i) => Math.sin(i)), [3, 3, 5]);
    const { mean, variance } = tf.moments(x, [0, 2], true);
    const formula = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 0.001)));
    const error = tf.max(tf.abs(tf.sub(layer.apply(x, { training: true }) as tf.Tensor, formula))).dataSync()[0]!;
    expect(error).toBeGreaterThan(0.1);
  });
});
