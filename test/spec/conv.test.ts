// The conv2d, conv1d and depthwiseConv2d layers of issue 13 in the spec: the normalized form (defaults filled, sizes one
// per spatial axis, "same" resolved to TensorFlow's pads), builders giving the JSON a user writes,
// both spec forms, the parameters' layout and Keras's Glorot fans, and conv1d lowered with reshapes
// onto the conv2d op (no op of its own). Gradients and TensorFlow.js: test/compiler/layers/conv-gradients
// and test/oracle/conv-layers; malformed specs: test/corpus.
import { describe, expect, it } from "vitest";
import { conv1d, conv2d, dense, depthwiseConv2d, flatten, validateSpec } from "../../src/index.ts";
import { padsOf } from "../../compiler/layers/conv.ts";
import { compileAndLoad } from "../support/compile-example.ts";

type Json = Record<string, unknown>;
const seq = (x: number[], layers: unknown[], y: number[]): Json => ({ name: "s", inputs: { x }, targets: { y }, layers, loss: { type: "mse" } });

describe("conv2d / conv1d: the normalized form", () => {
  it("fills the defaults: valid padding, strides and dilation 1, bias, glorotUniform and zeros (kernel n → [n, n])", () => {
    const [node] = validateSpec(seq([7, 6, 3], [{ type: "conv2d", filters: 4, kernelSize: 3 }], [5, 4, 4])).nodes;
    expect(node).toStrictEqual({
      kind: "conv2d",
      name: "conv2d1",
      input: "x",
      filters: 4,
      kernelSize: [3, 3],
      strides: [1, 1],
      dilationRate: [1, 1],
      padding: "valid",
      pads: [0, 0, 0, 0],
      activation: { type: "identity" },
      useBias: true,
      kernelInitializer: "glorotUniform",
      biasInitializer: "zeros",
      shape: [5, 4, 4],
      dtype: "float",
    });
  });

  it("glorotUniform stays the default after relu (Keras's conv default; dense picks heNormal there)", () => {
    const [node] = validateSpec(seq([5, 3], [{ type: "conv1d", filters: 2, kernelSize: [2], activation: "relu" }], [4, 2])).nodes;
    expect(node).toMatchObject({ kind: "conv1d", kernelSize: [2], strides: [1], dilationRate: [1], pads: [0, 0], kernelInitializer: "glorotUniform", shape: [4, 2] });
  });

  it('"same" pads as TensorFlow: total max((⌈in/s⌉ − 1)·s + (k − 1)·d + 1 − in, 0), the extra one at the bottom / right', () => {
    // hand-worked: in 7, k 3, s 2: ⌈7/2⌉ = 4, 3·2 + 3 − 7 = 2 → [1, 1]; in 6, k 2, s 2: 2·2 + 2 − 6 = 0;
    // in 5, k 2, s 2: 2·2 + 2 − 5 = 1 → [0, 1]; in 6, k 3, d 2, s 1: 5 + 5 − 6 = 4 → [2, 2]; in 4, k 4, s 1: 3 → [1, 2];
    // in 3, k 1, s 3: 0 + 1 − 3 < 0 → [0, 0]
    expect(padsOf({ input: 7, kernel: 3, stride: 2, dilation: 1 }, "same")).toStrictEqual([1, 1]);
    expect(padsOf({ input: 6, kernel: 2, stride: 2, dilation: 1 }, "same")).toStrictEqual([0, 0]);
    expect(padsOf({ input: 5, kernel: 2, stride: 2, dilation: 1 }, "same")).toStrictEqual([0, 1]);
    expect(padsOf({ input: 6, kernel: 3, stride: 1, dilation: 2 }, "same")).toStrictEqual([2, 2]);
    expect(padsOf({ input: 4, kernel: 4, stride: 1, dilation: 1 }, "same")).toStrictEqual([1, 2]);
    expect(padsOf({ input: 3, kernel: 1, stride: 3, dilation: 1 }, "same")).toStrictEqual([0, 0]);
    const [node] = validateSpec(
      seq([7, 5, 1], [{ type: "conv2d", filters: 2, kernelSize: [3, 2], strides: 2, padding: "same" }], [4, 3, 2]),
    ).nodes;
    expect(node).toMatchObject({ strides: [2, 2], pads: [1, 1, 0, 1], shape: [4, 3, 2] });
  });

  it("the output size is ⌈in/s⌉ with same padding and ⌊(in − (k − 1)·d − 1)/s⌋ + 1 with valid, per axis", () => {
    const [a, b] = validateSpec(
      seq(
        [9, 8, 2],
        [
          { type: "conv2d", filters: 3, kernelSize: [2, 3], strides: [2, 3], dilationRate: [1, 2], padding: "same" },
          { type: "conv2d", filters: 1, kernelSize: 2, strides: [1, 2], dilationRate: [2, 1] },
        ],
        [3, 1, 1],
      ),
    ).nodes;
    expect(a).toMatchObject({ shape: [5, 3, 3], strides: [2, 3], dilationRate: [1, 2] });
    expect(b).toMatchObject({ shape: [3, 1, 1] });
  });
});

describe("conv2d / conv1d: builders and both spec forms", () => {
  it("the builders give the plain data a user would write (a layer, or a node with its input)", () => {
    expect(conv2d(16, 3, { padding: "same", activation: "relu" })).toStrictEqual({ type: "conv2d", filters: 16, kernelSize: 3, padding: "same", activation: "relu" });
    expect(conv2d(8, [3, 5], { input: "image", strides: [2, 1] })).toStrictEqual({ type: "conv2d", input: "image", filters: 8, kernelSize: [3, 5], strides: [2, 1] });
    expect(conv1d(4, [5], { name: "c", dilationRate: 2, useBias: false })).toStrictEqual({ type: "conv1d", name: "c", filters: 4, kernelSize: [5], dilationRate: 2, useBias: false });
    expect(conv1d(4, 2, { input: "seq" })).toStrictEqual({ type: "conv1d", input: "seq", filters: 4, kernelSize: 2 });
  });

  it("a layers list and the same graph normalize to the same nodes", () => {
    const layers = validateSpec({ name: "m", inputs: { x: [6, 6, 1] }, targets: { y: [2] }, layers: [conv2d(3, 3, { padding: "same", activation: "tanh", name: "c1" }), conv2d(2, 2, { strides: 2, name: "c2" }), flatten({ name: "f" }), dense(2, { name: "d" })], loss: { type: "mse" } });
    const graph = validateSpec({
      name: "m",
      inputs: { x: [6, 6, 1] },
      targets: { y: [2] },
      nodes: { c1: conv2d(3, 3, { input: "x", padding: "same", activation: "tanh" }), c2: conv2d(2, 2, { input: "c1", strides: 2 }), f: flatten({ input: "c2" }), d: dense(2, { input: "f" }) },
      output: "d",
      loss: { type: "mse" },
    });
    expect(graph.nodes).toStrictEqual(layers.nodes);
    expect(layers.nodes.map((n) => n.shape)).toStrictEqual([[6, 6, 3], [3, 3, 2], [18], [2]]);
  });

  it("a misspelt option reaches the validator with its path, as in JSON", () => {
    expect(() => validateSpec(seq([4, 4, 1], [conv2d(2, 2, { stride: 2 } as never)], [3, 3, 2]))).toThrow(/layers\[0\]\.stride: unknown key "stride"/);
  });
});

describe("conv2d / conv1d: parameters and lowering", () => {
  it("parameters <name>.kernel [kh, kw, C, F] / [k, C, F] and <name>.bias [F], Glorot-uniform with Keras's fans", async () => {
    const spec = { name: "p", seed: 1, inputs: { x: [9, 8, 3] }, targets: { y: [2] }, layers: [conv2d(32, [3, 5], { name: "c" }), { type: "reshape", shape: [7 * 4, 32] }, conv1d(16, 4, { name: "t", useBias: false }), flatten(), dense(2, { name: "d" })], loss: { type: "mse" } };
    const { module } = await compileAndLoad(spec);
    const params = module.layout.params;
    expect(params.map((p) => [p.name, p.shape])).toStrictEqual([
      ["c.kernel", [3, 5, 3, 32]],
      ["c.bias", [32]],
      ["t.kernel", [4, 32, 16]],
      ["d.kernel", [400, 2]],
      ["d.bias", [2]],
    ]);
    const model = new module.Model({ seed: 3 });
    const values = (name: string) => {
      const p = params.find((q) => q.name === name)!;
      return Array.from(model.params.subarray(p.offset, p.offset + p.length));
    };
    // Keras: fan_in = kh·kw·C, fan_out = kh·kw·F, limit √(6 / (fan_in + fan_out)); with thousands of
    // draws the largest |w| is within 2% of the limit (the chance it is not: (0.98)^n, below 1e-8 here).
    for (const [name, fanIn, fanOut] of [["c.kernel", 15 * 3, 15 * 32], ["t.kernel", 4 * 32, 4 * 16]] as const) {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const largest = Math.max(...values(name).map(Math.abs));
      expect(largest, name).toBeLessThanOrEqual(limit);
      expect(largest, name).toBeGreaterThan(0.98 * limit);
    }
    expect(values("c.bias").every((v) => v === 0)).toBe(true);
  });

  it("conv1d is a conv2d over a height-1 image: reshapes around the one conv2d op", async () => {
    const { result } = await compileAndLoad(seq([8, 2], [conv1d(3, 3, { name: "t", padding: "same", strides: 2 })], [4, 3]));
    const ops = [...result.ir.matchAll(/= (\w+) /g)].map((m) => m[1]);
    expect(ops.filter((o) => o === "conv2d")).toHaveLength(1);
    expect(result.ir).toContain("%t.image: f32[n,1,8,2] = reshape %x {shape=[1,8,2]}");
    expect(result.ir).toContain("%t.kernel2d: f32[1,3,2,3] = reshape %t.kernel {shape=[1,3,2,3]}");
    // in 8, k 3, s 2, "same": ⌈8/2⌉ = 4 outputs, total pad 3·2 + 3 − 8 = 1, on the right
    expect(result.ir).toContain("%t.conv2d: f32[n,1,4,3] = conv2d %t.image, %t.kernel2d {strides=[1,2], dilations=[1,1], pads=[0,0,0,1]}");
    expect(result.ir).toContain("%t.conv: f32[n,4,3] = reshape %t.conv2d {shape=[4,3]}");
  });
});

describe("depthwiseConv2d: normalized form, builders, parameters and lowering", () => {
  it("fills the defaults: multiplier 1, valid padding, strides and dilation 1, bias, glorotUniform and zeros; C·M output channels", () => {
    const [node, wide] = validateSpec(seq([7, 6, 3], [{ type: "depthwiseConv2d", kernelSize: 3 }, { type: "depthwiseConv2d", kernelSize: [2, 1], depthMultiplier: 4, strides: 2, padding: "same" }], [3, 2, 12])).nodes;
    expect(node).toStrictEqual({
      kind: "depthwiseConv2d",
      name: "depthwiseConv2d1",
      input: "x",
      kernelSize: [3, 3],
      strides: [1, 1],
      dilationRate: [1, 1],
      padding: "valid",
      pads: [0, 0, 0, 0],
      activation: { type: "identity" },
      useBias: true,
      biasInitializer: "zeros",
      dtype: "float",
      depthMultiplier: 1,
      depthwiseInitializer: "glorotUniform",
      shape: [5, 4, 3],
    });
    // in 5, k 2, s 2, "same": ⌈5/2⌉ = 3, total 2·2 + 2 − 5 = 1 → [0, 1]; in 4, k 1, s 2: 1·2 + 1 − 4 < 0 → [0, 0]
    expect(wide).toMatchObject({ depthMultiplier: 4, strides: [2, 2], pads: [0, 1, 0, 0], shape: [3, 2, 12] });
  });

  it("the builder gives the plain data a user would write; a layers list and the same graph normalize alike", () => {
    expect(depthwiseConv2d(3, { depthMultiplier: 2, padding: "same" })).toStrictEqual({ type: "depthwiseConv2d", kernelSize: 3, depthMultiplier: 2, padding: "same" });
    expect(depthwiseConv2d([3, 5], { input: "image", strides: [2, 1] })).toStrictEqual({ type: "depthwiseConv2d", input: "image", kernelSize: [3, 5], strides: [2, 1] });
    const layers = validateSpec({ name: "m", inputs: { x: [6, 6, 2] }, targets: { y: [2] }, layers: [depthwiseConv2d(3, { depthMultiplier: 2, padding: "same", name: "dw" }), flatten({ name: "f" }), dense(2, { name: "d" })], loss: { type: "mse" } });
    const graph = validateSpec({
      name: "m",
      inputs: { x: [6, 6, 2] },
      targets: { y: [2] },
      nodes: { dw: depthwiseConv2d(3, { input: "x", depthMultiplier: 2, padding: "same" }), f: flatten({ input: "dw" }), d: dense(2, { input: "f" }) },
      output: "d",
      loss: { type: "mse" },
    });
    expect(graph.nodes).toStrictEqual(layers.nodes);
    expect(layers.nodes.map((n) => n.shape)).toStrictEqual([[6, 6, 4], [144], [2]]);
  });

  it("a misspelt option reaches the validator with its path, as in JSON", () => {
    expect(() => validateSpec(seq([4, 4, 1], [depthwiseConv2d(2, { kernelInitializer: "zeros" } as never)], [3, 3, 1]))).toThrow(/layers\[0\]\.kernelInitializer: unknown key "kernelInitializer"/);
  });

  it("parameters <name>.depthwiseKernel [kh, kw, C, M] and <name>.bias [C·M], Glorot-uniform with Keras's fans (kh·kw·C, kh·kw·M)", async () => {
    const spec = { name: "p", seed: 1, inputs: { x: [9, 8, 16] }, targets: { y: [2] }, layers: [depthwiseConv2d([3, 5], { name: "dw", depthMultiplier: 4 }), flatten(), dense(2, { name: "d" })], loss: { type: "mse" } };
    const { module } = await compileAndLoad(spec);
    const params = module.layout.params;
    expect(params.map((p) => [p.name, p.shape])).toStrictEqual([
      ["dw.depthwiseKernel", [3, 5, 16, 4]],
      ["dw.bias", [64]],
      ["d.kernel", [7 * 4 * 64, 2]],
      ["d.bias", [2]],
    ]);
    const model = new module.Model({ seed: 3 });
    const values = (name: string) => {
      const p = params.find((q) => q.name === name)!;
      return Array.from(model.params.subarray(p.offset, p.offset + p.length));
    };
    // tfjs-layers' computeFans on [3, 5, 16, 4]: receptive field 15, fan_in 15·16, fan_out 15·4; 960
    // draws: the largest |w| is within 2% of the limit but with chance (0.98)^960 < 1e-8
    const limit = Math.sqrt(6 / (15 * 16 + 15 * 4));
    const largest = Math.max(...values("dw.depthwiseKernel").map(Math.abs));
    expect(largest).toBeLessThanOrEqual(limit);
    expect(largest).toBeGreaterThan(0.98 * limit);
    expect(values("dw.bias").every((v) => v === 0)).toBe(true);
  });

  it("lowers to one depthwise_conv2d op with the explicit pads, the bias added per output channel", async () => {
    const { result } = await compileAndLoad(seq([7, 5, 2], [depthwiseConv2d(3, { name: "dw", depthMultiplier: 3, strides: 2, padding: "same", activation: "relu" })], [4, 3, 6]));
    // in 7, k 3, s 2: ⌈7/2⌉ = 4, total 3·2 + 3 − 7 = 2 → [1, 1]; in 5: ⌈5/2⌉ = 3, 2·2 + 3 − 5 = 2 → [1, 1]
    expect(result.ir).toContain("%dw.conv: f32[n,4,3,6] = depthwise_conv2d %x, %dw.depthwiseKernel {strides=[2,2], dilations=[1,1], pads=[1,1,1,1]}");
    expect([...result.ir.matchAll(/= depthwise_conv2d /g)]).toHaveLength(1);
  });
});
