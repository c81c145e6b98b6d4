// The TensorFlow.js oracle checked on its own, before it judges tapeless: its layer normalization
// against tf.layers.layerNormalization and its embedding against tf.layers.embedding (same weights:
// output and every gradient), its attention against plain float64 loops, and its handling of
// per-sample axes (softmax on a middle axis, broadcasting, reductions, products with a constant)
// against direct computations. Hand-built normalized specs: nothing here needs the compiler.
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { tfOracle, tfReady, type OracleNode, type OracleSpec } from "../support/tfjs-oracle.ts";
import { compareArrays, compareGrads, f32Tolerance } from "../support/compare.ts";
import { rng } from "../support/finite-diff.ts";
import { naiveAttention } from "../support/naive-attention.ts";

beforeAll(tfReady);

const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);
const random = (next: () => number, n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * next());

interface Param {
  name: string;
  shape: number[];
  values: Float32Array;
}

function layoutOf(params: readonly Param[]) {
  let offset = 0;
  const entries = params.map((p) => {
    const e = { name: p.name, shape: p.shape, offset, length: size(p.shape) };
    offset += e.length;
    return e;
  });
  const flat = new Float32Array(offset);
  params.forEach((p, i) => flat.set(p.values, entries[i]!.offset));
  return { layout: { params: entries, paramCount: offset }, flat };
}

/** A one-node network x → node, mse against y, run through the oracle. */
function oneNode(node: OracleNode, x: { shape: number[]; dtype?: "int32" }, params: Param[], batch: number, seed: number) {
  const next = rng(seed);
  const spec: OracleSpec = {
    inputs: [{ name: "x", ...x }],
    targets: [{ name: "y", shape: [...node.shape] }],
    nodes: [node],
    output: node.name,
    loss: [{ type: "mse", output: node.name, target: "y", weight: 1 }],
  };
  const xs = x.dtype === "int32" ? Int32Array.from({ length: batch * size(x.shape) }, () => Math.floor(next() * 7)) : random(next, batch * size(x.shape));
  const ys = random(next, batch * size(node.shape));
  const { layout, flat } = layoutOf(params);
  return { result: tfOracle({ spec, layout, params: flat, inputs: [xs], targets: [ys], batch }), xs, ys, layout };
}

describe("layerNormalization = tf.layers.layerNormalization (same weights)", () => {
  const cases = [
    { axis: 1, center: true, scale: true },
    { axis: 0, center: true, scale: true },
    { axis: 1, center: false, scale: true },
    { axis: 0, center: true, scale: false },
    { axis: 1, center: false, scale: false },
  ];
  it.each(cases)("%o", ({ axis, center, scale }) => {
    const shape = [4, 6];
    const batch = 3;
    const epsilon = 0.001;
    const next = rng(5 + axis);
    const d = shape[axis]!;
    const params: Param[] = [];
    if (scale) params.push({ name: "ln.gamma", shape: [d], values: random(next, d, 0.5, 1.5) });
    if (center) params.push({ name: "ln.beta", shape: [d], values: random(next, d) });
    const node: OracleNode = { kind: "layerNormalization", name: "ln", input: "x", axis, epsilon, center, scale, shape };
    const { result, xs, ys, layout } = oneNode(node, { shape }, params, batch, 9);

    const x = tf.tensor(xs, [batch, ...shape]);
    const y = tf.tensor(ys, [batch, ...shape]);
    const tol = f32Tolerance(1, batch * size(shape));
    const layer = tf.layers.layerNormalization({ axis: axis + 1, epsilon, center, scale });
    layer.build([batch, ...shape]);
    expect(layer.trainableWeights.map((w) => w.originalName.split("/").at(-1))).toStrictEqual(params.map((p) => p.name.slice(3)));
    layer.setWeights(params.map((p) => tf.tensor(p.values, p.shape)));
    expect(compareArrays(result.output, (layer.apply(x) as tf.Tensor).dataSync()).worst).toBeLessThan(tol);

    // Gradients: tfjs 4.22's batchNormalization gradient crashes when scale or offset is absent, so
    // they come from a layer with both, at γ = 1 / β = 0 where the spec has none (the same function).
    const full = tf.layers.layerNormalization({ axis: axis + 1, epsilon });
    full.build([batch, ...shape]);
    const gamma = params.find((p) => p.name === "ln.gamma")?.values ?? new Float32Array(d).fill(1);
    full.setWeights([tf.tensor(gamma, [d]), tf.tensor(params.find((p) => p.name === "ln.beta")?.values ?? new Float32Array(d), [d])]);
    const [g, b] = full.trainableWeights.map((w) => w.read() as tf.Variable) as [tf.Variable, tf.Variable];
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(full.apply(x) as tf.Tensor, y))), [g, b]);
    expect(Math.abs(value.dataSync()[0]! - result.loss)).toBeLessThan(tol * Math.abs(result.loss));
    const theirs = new Float32Array(layout.paramCount);
    layout.params.forEach((e) => theirs.set(grads[(e.name === "ln.gamma" ? g : b).name]!.dataSync() as Float32Array, e.offset));
    expect(compareGrads(result.grads, theirs, layout.params).worst).toBeLessThan(tol);
  });
});

describe("conv2d / conv1d = tf.layers.conv2d / tf.layers.conv1d (same weights)", () => {
  // Gradients come from tf.layers where tfjs 4.22 has them: it has none for a dilated convolution
  // ("dilation rates greater than 1 are not yet supported in gradients"), so with dilation > 1 the
  // output (forward, which tf supports) is compared here, and the oracle's gradient through its
  // dilated kernel is checked against the undilated convolution it equals in test/oracle/conv-layers.test.ts
  // (tapeless float64) and by finite differences.
  const cases = [
    { kind: "conv2d", x: [7, 5, 3], kernelSize: [3, 3], strides: [1, 1], dilationRate: [1, 1], padding: "valid", useBias: true, activation: "identity" },
    { kind: "conv2d", x: [7, 5, 1], kernelSize: [3, 2], strides: [2, 2], dilationRate: [1, 1], padding: "same", useBias: true, activation: "relu" },
    { kind: "conv2d", x: [6, 6, 2], kernelSize: [2, 2], strides: [2, 1], dilationRate: [1, 1], padding: "same", useBias: false, activation: "tanh" },
    { kind: "conv2d", x: [6, 7, 2], kernelSize: [3, 3], strides: [1, 1], dilationRate: [2, 2], padding: "same", useBias: true, activation: "identity" },
    { kind: "conv2d", x: [6, 5, 1], kernelSize: [2, 2], strides: [1, 1], dilationRate: [2, 1], padding: "valid", useBias: true, activation: "identity" },
    { kind: "conv1d", x: [7, 2], kernelSize: [4], strides: [2], dilationRate: [1], padding: "same", useBias: true, activation: "identity" },
    { kind: "conv1d", x: [9, 3], kernelSize: [2], strides: [3], dilationRate: [1], padding: "valid", useBias: false, activation: "sigmoid" },
    { kind: "conv1d", x: [6, 1], kernelSize: [3], strides: [1], dilationRate: [2], padding: "same", useBias: true, activation: "identity" },
  ] as const;
  it.each(cases)("$kind $padding kernel $kernelSize strides $strides dilation $dilationRate useBias $useBias $activation", (c) => {
    const batch = 3;
    const filters = 4;
    const channels = c.x.at(-1)!;
    const spatial = c.x.slice(0, -1);
    const pads = spatial.map((n, i) => {
      const [k, s, d] = [c.kernelSize[i]!, c.strides[i]!, c.dilationRate[i]!];
      return c.padding === "same" ? Math.ceil(n / s) : Math.floor((n - ((k - 1) * d + 1)) / s) + 1;
    });
    const shape = [...pads, filters];
    const next = rng(size(c.x) + filters);
    const kernelShape = [...c.kernelSize, channels, filters];
    const params: Param[] = [{ name: "cv.kernel", shape: kernelShape, values: random(next, size(kernelShape)) }];
    if (c.useBias) params.push({ name: "cv.bias", shape: [filters], values: random(next, filters) });
    const node: OracleNode = {
      kind: c.kind,
      name: "cv",
      input: "x",
      filters,
      kernelSize: c.kernelSize,
      strides: c.strides,
      dilationRate: c.dilationRate,
      padding: c.padding,
      pads: [], // (the oracle pads by name)
      activation: { type: c.activation },
      useBias: c.useBias,
      shape,
    };
    const { result, xs, ys, layout } = oneNode(node, { shape: [...c.x] }, params, batch, 6);
    const options = {
      filters,
      kernelSize: [...c.kernelSize] as [number, number] | [number],
      strides: [...c.strides] as [number, number] | [number],
      dilationRate: [...c.dilationRate] as [number, number] | [number],
      padding: c.padding as "valid" | "same",
      useBias: c.useBias,
      activation: c.activation === "identity" ? ("linear" as const) : c.activation,
    };
    const layer = c.kind === "conv2d" ? tf.layers.conv2d(options) : tf.layers.conv1d({ ...options, kernelSize: c.kernelSize[0], strides: c.strides[0], dilationRate: c.dilationRate[0] });
    const x = tf.tensor(xs, [batch, ...c.x]);
    layer.build([batch, ...c.x]);
    expect(layer.trainableWeights.map((w) => w.originalName.split("/").at(-1))).toStrictEqual(params.map((p) => p.name.slice(3)));
    layer.setWeights(params.map((p) => tf.tensor(p.values, p.shape)));
    const theirs = layer.apply(x) as tf.Tensor;
    expect(theirs.shape).toStrictEqual([batch, ...shape]);
    const taps = size(c.kernelSize) * channels;
    expect(compareArrays(result.output, theirs.dataSync()).worst).toBeLessThan(f32Tolerance(1, taps));
    if (c.dilationRate.some((d) => d > 1)) return; // tfjs has no gradient for it: see above
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const y = tf.tensor(ys, [batch, ...shape]);
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(layer.apply(x) as tf.Tensor, y))), vars);
    const tol = f32Tolerance(2, Math.max(taps, batch * size(pads)));
    expect(Math.abs(value.dataSync()[0]! - result.loss)).toBeLessThan(tol * Math.abs(result.loss));
    const flat = new Float32Array(layout.paramCount);
    layout.params.forEach((e, i) => flat.set(grads[vars[i]!.name]!.dataSync() as Float32Array, e.offset));
    expect(compareGrads(result.grads, flat, layout.params).worst).toBeLessThan(tol);
  });
});

describe("depthwiseConv2d = tf.layers.depthwiseConv2d (same weights)", () => {
  // tf.layers.depthwiseConv2d of tfjs 4.22 ignores dilationRate (it calls tf.depthwiseConv2d with
  // none: "TODO(cais): Add support for dilation"), so the layer is compared undilated; the oracle
  // node's dilated tf.depthwiseConv2d is checked against tapeless in test/oracle/conv-layers.test.ts.
  const cases = [
    { x: [7, 5, 3], kernelSize: [3, 3], strides: [1, 1], depthMultiplier: 1, padding: "valid", useBias: true, activation: "identity" },
    { x: [7, 5, 2], kernelSize: [3, 2], strides: [2, 2], depthMultiplier: 3, padding: "same", useBias: true, activation: "relu" },
    { x: [6, 6, 3], kernelSize: [2, 2], strides: [2, 1], depthMultiplier: 2, padding: "same", useBias: false, activation: "tanh" },
    { x: [5, 6, 1], kernelSize: [2, 3], strides: [1, 2], depthMultiplier: 2, padding: "valid", useBias: true, activation: "identity" },
  ] as const;
  it.each(cases)("$padding kernel $kernelSize strides $strides multiplier $depthMultiplier useBias $useBias $activation", (c) => {
    const batch = 3;
    const channels = c.x.at(-1)!;
    const outChannels = channels * c.depthMultiplier;
    const spatial = c.x.slice(0, -1).map((n, i) => {
      const [k, s] = [c.kernelSize[i]!, c.strides[i]!];
      return c.padding === "same" ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1;
    });
    const shape = [...spatial, outChannels];
    const next = rng(size(c.x) + outChannels);
    const kernelShape = [...c.kernelSize, channels, c.depthMultiplier];
    const params: Param[] = [{ name: "dw.depthwiseKernel", shape: kernelShape, values: random(next, size(kernelShape)) }];
    if (c.useBias) params.push({ name: "dw.bias", shape: [outChannels], values: random(next, outChannels) });
    const node: OracleNode = {
      kind: "depthwiseConv2d",
      name: "dw",
      input: "x",
      depthMultiplier: c.depthMultiplier,
      kernelSize: c.kernelSize,
      strides: c.strides,
      dilationRate: [1, 1],
      padding: c.padding,
      pads: [], // (the oracle pads by name)
      activation: { type: c.activation },
      useBias: c.useBias,
      shape,
    };
    const { result, xs, ys, layout } = oneNode(node, { shape: [...c.x] }, params, batch, 6);
    const layer = tf.layers.depthwiseConv2d({
      kernelSize: [...c.kernelSize] as [number, number],
      strides: [...c.strides] as [number, number],
      depthMultiplier: c.depthMultiplier,
      padding: c.padding,
      useBias: c.useBias,
      activation: c.activation === "identity" ? "linear" : c.activation,
    });
    const x = tf.tensor(xs, [batch, ...c.x]);
    layer.build([batch, ...c.x]);
    // Keras's weight names: depthwise_kernel (tapeless's depthwiseKernel) and bias
    expect(layer.trainableWeights.map((w) => w.originalName.split("/").at(-1))).toStrictEqual(c.useBias ? ["depthwise_kernel", "bias"] : ["depthwise_kernel"]);
    layer.setWeights(params.map((p) => tf.tensor(p.values, p.shape)));
    const theirs = layer.apply(x) as tf.Tensor;
    expect(theirs.shape).toStrictEqual([batch, ...shape]);
    const taps = size(c.kernelSize);
    expect(compareArrays(result.output, theirs.dataSync()).worst).toBeLessThan(f32Tolerance(1, taps));
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const y = tf.tensor(ys, [batch, ...shape]);
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(layer.apply(x) as tf.Tensor, y))), vars);
    const tol = f32Tolerance(2, Math.max(taps * c.depthMultiplier, batch * size(spatial)));
    expect(Math.abs(value.dataSync()[0]! - result.loss)).toBeLessThan(tol * Math.abs(result.loss));
    const flat = new Float32Array(layout.paramCount);
    layout.params.forEach((e, i) => flat.set(grads[vars[i]!.name]!.dataSync() as Float32Array, e.offset));
    expect(compareGrads(result.grads, flat, layout.params).worst).toBeLessThan(tol);
  });
});

describe("embedding = tf.layers.embedding (same weights)", () => {
  it("int32 indices [3, 2] into a [7, 5] table: output and gradient", () => {
    const next = rng(3);
    const table: Param = { name: "emb.embeddings", shape: [7, 5], values: random(next, 35, -0.05, 0.05) };
    const node: OracleNode = { kind: "embedding", name: "emb", input: "x", inputDim: 7, outputDim: 5, shape: [3, 2, 5] };
    const batch = 4;
    const { result, xs, ys, layout } = oneNode(node, { shape: [3, 2], dtype: "int32" }, [table], batch, 4);
    const layer = tf.layers.embedding({ inputDim: 7, outputDim: 5 });
    layer.build([batch, 3, 2]);
    layer.setWeights([tf.tensor(table.values, table.shape)]);
    const x = tf.tensor(xs, [batch, 3, 2], "int32");
    expect(compareArrays(result.output, (layer.apply(x) as tf.Tensor).dataSync()).worst).toBe(0);
    const v = layer.trainableWeights[0]!.read() as tf.Variable;
    const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(layer.apply(x) as tf.Tensor, tf.tensor(ys, [batch, 3, 2, 5])))), [v]);
    expect(compareGrads(result.grads, grads[v.name]!.dataSync(), layout.params).worst).toBeLessThan(f32Tolerance(1, batch * 6));
  });
});

describe("multiHeadAttention = plain float64 loops (Keras's definition)", () => {
  const cases = [
    { label: "self, non-causal", T: 4, S: 4, causal: false, useBias: true, self: true },
    { label: "self, causal", T: 4, S: 4, causal: true, useBias: true, self: true },
    { label: "cross (T 3, S 5), non-causal", T: 3, S: 5, causal: false, useBias: true, self: false },
    { label: "cross (T 5, S 3), causal", T: 5, S: 3, causal: true, useBias: true, self: false },
    { label: "self, causal, no bias", T: 4, S: 4, causal: true, useBias: false, self: true },
  ];
  it.each(cases)("$label", ({ T, S, causal, useBias, self }) => {
    const [H, K, dq] = [2, 3, 4];
    const dv = self ? dq : 5;
    const batch = 2;
    const next = rng(T * 10 + S + (causal ? 1 : 0));
    const p = (suffix: string, shape: number[]): Param => ({ name: `att.${suffix}`, shape, values: random(next, size(shape)) });
    const params = [p("query.kernel", [dq, H, K]), p("key.kernel", [dv, H, K]), p("value.kernel", [dv, H, K]), p("output.kernel", [H, K, dq])];
    if (useBias) params.push(p("query.bias", [H, K]), p("key.bias", [H, K]), p("value.bias", [H, K]), p("output.bias", [dq]));
    const byName = (suffix: string) => params.find((q) => q.name === `att.${suffix}`)?.values;
    const node: OracleNode = {
      kind: "multiHeadAttention",
      name: "att",
      query: "q",
      value: self ? "q" : "v",
      numHeads: H,
      keyDim: K,
      causal,
      useBias,
      shape: [T, dq],
    };
    const spec: OracleSpec = {
      inputs: self
        ? [{ name: "q", shape: [T, dq] }]
        : [
            { name: "q", shape: [T, dq] },
            { name: "v", shape: [S, dv] },
          ],
      targets: [{ name: "y", shape: [T, dq] }],
      nodes: [node],
      output: "att",
      loss: [{ type: "mse", output: "att", target: "y", weight: 1 }],
    };
    const q = random(next, batch * T * dq);
    const v = self ? q : random(next, batch * S * dv);
    const { layout, flat } = layoutOf(params);
    const result = tfOracle({ spec, layout, params: flat, inputs: self ? [q] : [q, v], targets: [random(next, batch * T * dq)], batch });
    const expected = new Float64Array(batch * T * dq);
    for (let b = 0; b < batch; b++) {
      const one = naiveAttention(
        q.subarray(b * T * dq, (b + 1) * T * dq),
        v.subarray(b * S * dv, (b + 1) * S * dv),
        { T, S: self ? T : S, dq, dv, H, K, dOut: dq, causal },
        {
          wq: byName("query.kernel")!,
          wk: byName("key.kernel")!,
          wv: byName("value.kernel")!,
          wo: byName("output.kernel")!,
          bq: byName("query.bias"),
          bk: byName("key.bias"),
          bv: byName("value.bias"),
          bo: byName("output.bias"),
        },
      );
      expected.set(one, b * T * dq);
    }
    expect(compareArrays(result.output, expected).worst).toBeLessThan(f32Tolerance(4, Math.max(dq, dv, S, H * K)));
    for (const e of layout.params)
      expect(
        result.grads.subarray(e.offset, e.offset + e.length).some((g) => g !== 0),
        e.name,
      ).toBe(true);
  });
});

describe("per-sample axes, broadcasting and constants", () => {
  const batch = 2;
  it("softmax and logSoftmax on a middle axis", () => {
    for (const log of [false, true]) {
      const { result, xs } = oneNode({ kind: "softmax", name: "s", input: "x", axis: 1, log, shape: [2, 3, 4] }, { shape: [2, 3, 4] }, [], batch, 1);
      const expected = new Float64Array(xs.length);
      for (let o = 0; o < batch * 2; o++)
        for (let i = 0; i < 4; i++) {
          const at = (j: number) => o * 12 + j * 4 + i;
          const z = [0, 1, 2].reduce((a, j) => a + Math.exp(xs[at(j)]!), 0);
          for (let j = 0; j < 3; j++) expected[at(j)] = log ? xs[at(j)]! - Math.log(z) : Math.exp(xs[at(j)]!) / z;
        }
      expect(compareArrays(result.output, expected).worst).toBeLessThan(f32Tolerance(1, 3));
    }
  });

  it("a batched [3] against a batched [2, 3], a constant [2, 1] and a reduction with keepDims", () => {
    const spec: OracleSpec = {
      inputs: [
        { name: "a", shape: [3] },
        { name: "b", shape: [2, 3] },
      ],
      targets: [{ name: "y", shape: [2, 1] }],
      nodes: [
        { kind: "binary", op: "sub", name: "d", inputs: ["b", "a"], shape: [2, 3] },
        { kind: "constant", name: "c", values: [10, 20], shape: [2, 1] },
        { kind: "binary", op: "mul", name: "m", inputs: ["d", "c"], shape: [2, 3] },
        { kind: "reduce", op: "max", name: "r", input: "m", axes: [1], keepDims: true, shape: [2, 1] },
      ],
      output: "r",
      loss: { type: "mse", target: "y" },
    };
    const a = Float32Array.of(1, 2, 3, -1, -2, -3);
    const b = Float32Array.of(0, 0, 0, 1, 1, 1, 5, 5, 5, 0, 1, 2);
    const r = tfOracle({ spec, layout: { params: [], paramCount: 0 }, params: [], inputs: [a, b], targets: [new Float32Array(4)], batch });
    // sample 0: b − a = [[−1,−2,−3],[0,−1,−2]] · [10; 20] → max per row −10, 0; sample 1: [[6,7,8],[1,3,5]] → 80, 100
    expect([...r.output]).toStrictEqual([-10, 0, 80, 100]);
  });

  it("matmul of a batched [2, 3, 4] with a constant [2, 4, 3], both transposes", () => {
    const next = rng(2);
    const values = [...random(next, 24)];
    const xs = random(next, batch * 24);
    for (const [tA, tB] of [
      [false, false],
      [true, true],
    ] as const) {
      const aShape = tA ? [2, 4, 3] : [2, 3, 4];
      const bShape = tB ? [2, 3, 4] : [2, 4, 3];
      const spec: OracleSpec = {
        inputs: [{ name: "x", shape: aShape }],
        targets: [{ name: "y", shape: [2, 3, 3] }],
        nodes: [
          { kind: "constant", name: "w", values, shape: bShape },
          { kind: "matmul", name: "p", inputs: ["x", "w"], transposeA: tA, transposeB: tB, shape: [2, 3, 3] },
        ],
        output: "p",
        loss: { type: "mse", target: "y" },
      };
      const r = tfOracle({ spec, layout: { params: [], paramCount: 0 }, params: [], inputs: [xs], targets: [new Float32Array(batch * 18)], batch });
      const expected = new Float64Array(batch * 18);
      const A = (s: number, g: number, i: number, k: number) => xs[s * 24 + g * 12 + (tA ? k * 3 + i : i * 4 + k)]!;
      const B = (g: number, k: number, j: number) => values[g * 12 + (tB ? j * 4 + k : k * 3 + j)]!;
      for (let s = 0; s < batch; s++)
        for (let g = 0; g < 2; g++)
          for (let i = 0; i < 3; i++)
            for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expected[s * 18 + g * 9 + i * 3 + j] += A(s, g, i, k) * B(g, k, j);
      expect(compareArrays(r.output, expected).worst).toBeLessThan(f32Tolerance(1, 4));
    }
  });

  it("maximum / minimum broadcast [3, 1] with [1, 4]: the same gradients as (a + b ± |a − b|)/2", () => {
    const next = rng(12);
    const kernel: Param = { name: "h.kernel", shape: [2, 1], values: random(next, 2) };
    const xs = random(next, batch * 6);
    const z = random(next, batch * 4);
    const ys = random(next, batch * 12);
    for (const op of ["maximum", "minimum"] as const) {
      const common = {
        inputs: [
          { name: "x", shape: [3, 2] },
          { name: "z", shape: [1, 4] },
        ],
        targets: [{ name: "y", shape: [3, 4] }],
        output: "m",
        loss: { type: "mse", target: "y" },
      } as const;
      const h: OracleNode = { kind: "dense", name: "h", input: "x", units: 1, activation: { type: "identity" }, useBias: false, shape: [3, 1] };
      const direct: OracleSpec = { ...common, nodes: [h, { kind: "binary", op, name: "m", inputs: ["h", "z"], shape: [3, 4] }] };
      const u: OracleNode =
        op === "maximum"
          ? { kind: "add", name: "u", inputs: ["s", "a"], shape: [3, 4] }
          : { kind: "binary", op: "sub", name: "u", inputs: ["s", "a"], shape: [3, 4] };
      const composite: OracleSpec = {
        ...common,
        nodes: [
          h,
          { kind: "add", name: "s", inputs: ["h", "z"], shape: [3, 4] },
          { kind: "binary", op: "sub", name: "d", inputs: ["h", "z"], shape: [3, 4] },
          { kind: "unary", op: "abs", name: "a", input: "d", shape: [3, 4] },
          u,
          { kind: "scale", name: "m", input: "u", factor: 0.5, shape: [3, 4] },
        ],
      };
      const { layout, flat } = layoutOf([kernel]);
      const run = (spec: OracleSpec) => tfOracle({ spec, layout, params: flat, inputs: [xs, z], targets: [ys], batch });
      const [a, b] = [run(direct), run(composite)];
      expect(compareArrays(a.output, b.output).worst).toBeLessThan(f32Tolerance(1, 4));
      expect(compareGrads(a.grads, b.grads, layout.params).worst).toBeLessThan(f32Tolerance(2, batch * 12));
    }
  });

  it("sparse softmax cross-entropy = softmax cross-entropy on one-hot targets; a custom loss is the batch mean; weights sum", () => {
    const next = rng(8);
    const logits = random(next, batch * 3 * 4, -2, 2);
    const classes = Int32Array.from({ length: batch * 3 }, () => Math.floor(next() * 4));
    const oneHot = new Float32Array(batch * 12);
    classes.forEach((c, p) => (oneHot[p * 4 + c] = 1));
    const base = { inputs: [{ name: "z", shape: [3, 4] }], nodes: [], output: "z" } as const;
    const run = (spec: OracleSpec, targets: ArrayLike<number>[]) =>
      tfOracle({ spec, layout: { params: [], paramCount: 0 }, params: [], inputs: [logits], targets, batch });
    const sparse = run({ ...base, targets: [{ name: "t", shape: [3], dtype: "int32" }], loss: [{ type: "sparseSoftmaxCrossEntropy", target: "t" }] }, [
      classes,
    ]);
    const dense = run({ ...base, targets: [{ name: "t", shape: [3, 4] }], loss: [{ type: "softmaxCrossEntropy", target: "t" }] }, [oneHot]);
    expect(Math.abs(sparse.loss - dense.loss)).toBeLessThan(1e-6 * dense.loss);
    expect(compareArrays(sparse.output, dense.output).worst).toBe(0);
    let expected = 0;
    for (let p = 0; p < batch * 3; p++) {
      const row = [...logits.subarray(p * 4, p * 4 + 4)];
      expected += Math.log(row.reduce((a, v) => a + Math.exp(v), 0)) - row[classes[p]!]!;
    }
    expect(Math.abs(sparse.loss - expected / (batch * 3))).toBeLessThan(1e-5);

    const custom: OracleSpec = {
      inputs: [{ name: "z", shape: [3, 4] }],
      targets: [{ name: "t", shape: [3, 4] }],
      nodes: [
        { kind: "binary", op: "sub", name: "d", inputs: ["z", "t"], shape: [3, 4] },
        { kind: "unary", op: "square", name: "sq", input: "d", shape: [3, 4] },
        { kind: "reduce", op: "mean", name: "c", input: "sq", axes: [0, 1], keepDims: false, shape: [] },
      ],
      output: "z",
      loss: [
        { type: "custom", output: "c", weight: 0.25 },
        { type: "mse", target: "t", weight: 2 },
      ],
    };
    const mse = run({ ...base, targets: [{ name: "t", shape: [3, 4] }], loss: { type: "mse", target: "t" } }, [oneHot]);
    expect(Math.abs(run(custom, [oneHot]).loss - 2.25 * mse.loss)).toBeLessThan(1e-6 * mse.loss);
  });
});
