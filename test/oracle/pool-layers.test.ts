// The pooling layers (issue 13) against TensorFlow.js: the table of test/support/pool-cases.ts (the
// finite-difference check runs it too), each compiled by tapeless in float32 (and float64 as the
// reference) and built independently in tf ops from the normalized spec (test/support/tfjs-oracle/:
// tf.maxPool / tf.avgPool with padding by name, as tf.layers call them; the global poolings as
// tf.mean / a max over the spatial axes). Loss, output and every gradient must agree within the
// float32 bound of test/support/compare.ts, and within 1e-4 (the issue's bound) whichever is smaller.
// Below: the oracle's pooling nodes against tf.layers themselves, and its padded-average form
// (used for gradients: tfjs 4.22's AvgPoolGrad) against tf.avgPool's values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { validateSpec } from "../../src/index.ts";
import { expectLayerMatchesOracle } from "../support/layer-oracle.ts";
import { tfReady } from "../support/tfjs-oracle.ts";
import { WorstTable } from "../support/compare.ts";
import { POOL_CASES } from "../support/pool-cases.ts";
import { paddedAvgPool, tfPool } from "../support/tfjs-oracle/pool.ts";
import { rng } from "../support/finite-diff.ts";

const ISSUE_BOUND = 1e-4;
const table = new WorstTable();
beforeAll(tfReady);
afterAll(() => console.log(table.format("pooling layers, worst relative errors (f32 = tapeless float32, tf = TensorFlow.js, f64 = tapeless float64):")));

describe("pooling layers: tapeless float32 = TensorFlow.js (and both ≈ tapeless float64)", () => {
  it.each(POOL_CASES.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
    await expectLayerMatchesOracle(label, spec, table, ISSUE_BOUND);
  });
});

/** Every 2-D and 1-D pooling node of the table with its input's per-sample shape. */
const poolNodes = POOL_CASES.flatMap((c) => {
  const spec = validateSpec(c.spec, { dtype: "f32" });
  const shapes = new Map([...spec.inputs, ...spec.nodes].map((v) => [v.name, v.shape]));
  return spec.nodes.flatMap((n) => ("poolSize" in n ? [{ label: c.label, node: n, input: shapes.get(n.input)! }] : []));
});

describe("the oracle's pooling = tf.layers (float32, values and gradients)", () => {
  it.each(poolNodes.map((p) => [`${p.node.kind} in ${p.label}`, p] as const))("%s", (_label, { node, input }) => {
    const next = rng(5);
    const shape = [2, ...input];
    const x = tf.tensor(Array.from({ length: shape.reduce((a, d) => a * d, 1) }, () => next() * 2 - 1), shape);
    const w = tf.tensor(Array.from({ length: 2 * node.shape.reduce((a, d) => a * d, 1) }, () => next() * 2 - 1), [2, ...node.shape]);
    const config = { poolSize: node.poolSize.length === 2 ? (node.poolSize as [number, number]) : node.poolSize[0]!, strides: node.strides.length === 2 ? (node.strides as [number, number]) : node.strides[0]!, padding: node.padding };
    const layer = { maxPooling2d: tf.layers.maxPooling2d, averagePooling2d: tf.layers.averagePooling2d, maxPooling1d: tf.layers.maxPooling1d, averagePooling1d: tf.layers.averagePooling1d }[node.kind](config as never);
    const is2d = node.kind.endsWith("2d");
    const op = node.kind.startsWith("max") ? "max" : "avg";
    const geometry = {
      window: (is2d ? node.poolSize : [1, node.poolSize[0]]) as [number, number],
      strides: (is2d ? node.strides : [1, node.strides[0]]) as [number, number],
      padding: node.padding,
      pads: is2d ? node.pads : [0, 0, ...node.pads],
    };
    const ours = (v: tf.Tensor) => (is2d ? tfPool(op, v as tf.Tensor4D, geometry) : tf.squeeze(tfPool(op, tf.expandDims(v, 1) as tf.Tensor4D, geometry), [1]));
    const theirs = (v: tf.Tensor) => layer.apply(v) as tf.Tensor;
    const y = ours(x);
    expect(y.shape).toEqual([2, ...node.shape]);
    const close = (a: tf.Tensor, b: tf.Tensor, what: string) => {
      const [got, want] = [a.dataSync(), b.dataSync()];
      want.forEach((v, i) => expect(Math.abs(got[i]! - v), `${what} ${i}: ${got[i]} vs ${v}`).toBeLessThan(1e-6));
    };
    close(y, theirs(x), "value");
    if (op === "max" || node.pads.every((p) => p === 0)) {
      // tf's own gradient is right here (the padded average's is not: see test/support/tfjs-oracle/pool.ts)
      const grad = (f: (v: tf.Tensor) => tf.Tensor) => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), w)))(x);
      close(grad(ours), grad(theirs), "∂/∂x");
    }
  });
});

describe("the oracle's padded average = tf.avgPool's values (float32)", () => {
  const padded = poolNodes.filter((p) => p.node.kind.startsWith("average") && p.node.pads.some((v) => v > 0));
  it("the table has padded averages in 2-D and 1-D", () => expect(new Set(padded.map((p) => p.node.kind))).toEqual(new Set(["averagePooling2d", "averagePooling1d"])));
  it.each(padded.map((p) => [p.label, p] as const))("%s", (_label, { node, input }) => {
    const next = rng(9);
    const image = node.kind === "averagePooling2d" ? input : [1, ...input];
    const x = tf.tensor4d(Array.from({ length: 2 * image.reduce((a, d) => a * d, 1) }, () => next() * 4 - 2), [2, ...image] as [number, number, number, number]);
    const is2d = node.kind === "averagePooling2d";
    const g = {
      window: (is2d ? node.poolSize : [1, node.poolSize[0]]) as [number, number],
      strides: (is2d ? node.strides : [1, node.strides[0]]) as [number, number],
      padding: node.padding,
      pads: is2d ? node.pads : [0, 0, ...node.pads],
    };
    const [got, want] = [paddedAvgPool(x, g).dataSync(), tf.avgPool(x, g.window, g.strides, g.padding).dataSync()];
    expect(got.length).toBe(want.length);
    // one rounding of the sum's ≤ ph·pw terms apart, |x| ≤ 2: well under 1e-5
    want.forEach((w, i) => expect(Math.abs(got[i]! - w), `element ${i}`).toBeLessThan(1e-5));
  });
});
