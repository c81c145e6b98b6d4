// Each compiled update rule against TensorFlow.js's optimizer (tf.train.*): identical parameters,
// identical gradients, 100 steps, float32. Rules tf.train lacks (AdamW's decoupled decay, L2,
// clipping by global norm) are applied to TF's variables / gradients by their textbook formula
// around TF's own optimizer, so the composition is checked too.
//
// Tolerance: both sides store float32 after every step (ε = 2⁻²⁴ ≈ 6e-8 relative); TF also
// rounds each of its ~10 intermediate ops, we compute them in double. Per step the updates can
// differ by ~10ε relative; over 100 steps the drift is bounded by ~100·10ε ≈ 6e-5 relative to
// the parameter scale (O(1) here), and is ~√100 smaller in practice. We accept 1e-4·max(1, |θ|)
// and report the worst error seen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import { rng } from "../../../../support/finite-diff.ts";

const TOLERANCE = 1e-4;
const STEPS = 100;

type Optimizer = Record<string, unknown> & { type: string };

interface Case {
  name: string;
  optimizer: Optimizer;
  tf: () => tf.Optimizer;
  /** Gradient preprocessing TF's optimizer does not do itself (L2, clipping). */
  l2?: number;
  clipNorm?: number;
  /** AdamW's decoupled decay, applied to TF's variables before each step. */
  decoupledDecay?: number;
  lr: number;
}

const CASES: Case[] = [
  { name: "sgd", optimizer: { type: "sgd", lr: 0.1 }, tf: () => tf.train.sgd(0.1), lr: 0.1 },
  { name: "sgd + momentum", optimizer: { type: "sgd", lr: 0.05, momentum: 0.9 }, tf: () => tf.train.momentum(0.05, 0.9), lr: 0.05 },
  { name: "sgd + nesterov", optimizer: { type: "sgd", lr: 0.05, momentum: 0.8, nesterov: true }, tf: () => tf.train.momentum(0.05, 0.8, true), lr: 0.05 },
  { name: "adam", optimizer: { type: "adam", lr: 0.01 }, tf: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), lr: 0.01 },
  { name: "adam (β₁ 0.5, β₂ 0.9, ε 1e-3)", optimizer: { type: "adam", lr: 0.02, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 }, tf: () => tf.train.adam(0.02, 0.5, 0.9, 1e-3), lr: 0.02 },
  { name: "adamw", optimizer: { type: "adamw", lr: 0.01, weightDecay: 0.1 }, tf: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), decoupledDecay: 0.1, lr: 0.01 },
  { name: "rmsprop", optimizer: { type: "rmsprop", lr: 0.01 }, tf: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7), lr: 0.01 },
  { name: "rmsprop + momentum", optimizer: { type: "rmsprop", lr: 0.01, rho: 0.8, momentum: 0.7 }, tf: () => tf.train.rmsprop(0.01, 0.8, 0.7, 1e-7), lr: 0.01 },
  { name: "adagrad", optimizer: { type: "adagrad", lr: 0.1 }, tf: () => tf.train.adagrad(0.1, 0.1), lr: 0.1 },
  { name: "adagrad (initialAccumulatorValue 0.5)", optimizer: { type: "adagrad", lr: 0.05, initialAccumulatorValue: 0.5 }, tf: () => tf.train.adagrad(0.05, 0.5), lr: 0.05 },
  { name: "sgd + l2", optimizer: { type: "sgd", lr: 0.1, l2: 0.01 }, tf: () => tf.train.sgd(0.1), l2: 0.01, lr: 0.1 },
  { name: "adam + l2 + clipNorm", optimizer: { type: "adam", lr: 0.01, l2: 0.05, clipNorm: 1.5 }, tf: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7), l2: 0.05, clipNorm: 1.5, lr: 0.01 },
  { name: "rmsprop + clipNorm", optimizer: { type: "rmsprop", lr: 0.01, clipNorm: 0.5 }, tf: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7), clipNorm: 0.5, lr: 0.01 },
];

const spec = (optimizer: Optimizer) => ({
  name: "parity",
  maxBatch: 2,
  inputs: { x: [3] },
  targets: { y: [2] },
  layers: [{ type: "dense", units: 4, activation: "tanh" }, { type: "dense", units: 2 }],
  loss: { type: "mse" },
  optimizer,
});

beforeAll(async () => {
  await tf.setBackend("cpu");
});
const worst: Record<string, number> = {};
afterAll(() => console.log("optimizer parity vs tf.train, worst |Δθ| / max(1, |θ|) after 100 steps:", worst));

describe("optimizers match TensorFlow.js over 100 steps (float32)", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { module } = await compileAndLoad(spec(c.optimizer));
    const model = new module.Model({ seed: 4 });
    const params = module.layout.params;
    const variables = params.map((p) => tf.variable(tf.tensor(model.params.slice(p.offset, p.offset + p.length), [...p.shape]), true, p.name));
    const optimizer = c.tf();
    const next = rng(17);
    for (let step = 0; step < STEPS; step++) {
      const g = Float32Array.from({ length: module.layout.paramCount }, () => 4 * next() - 2);
      model.grads.set(g);
      model.step();
      // The same update through TensorFlow.js.
      let scale = 1;
      if (c.clipNorm !== undefined) {
        const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
        scale = norm > c.clipNorm ? c.clipNorm / norm : 1;
      }
      const grads: Record<string, tf.Tensor> = {};
      params.forEach((p, k) => {
        let grad = tf.mul(tf.tensor(g.slice(p.offset, p.offset + p.length), [...p.shape]), scale);
        if (c.l2) grad = tf.add(grad, tf.mul(variables[k], c.l2));
        grads[p.name] = grad;
      });
      if (c.decoupledDecay) variables.forEach((v) => v.assign(tf.sub(v, tf.mul(v, c.lr * c.decoupledDecay!))));
      optimizer.applyGradients(grads);
      tf.dispose(Object.values(grads));
    }
    let err = 0;
    params.forEach((p, k) => {
      const expected = variables[k].dataSync();
      for (let i = 0; i < p.length; i++) {
        const actual = model.params[p.offset + i];
        err = Math.max(err, Math.abs(actual - expected[i]) / Math.max(1, Math.abs(expected[i])));
      }
    });
    worst[c.name] = Number(err.toExponential(2));
    tf.dispose(variables);
    optimizer.dispose();
    expect(err).toBeLessThan(TOLERANCE);
  });
});
