// The pooling layers of issue 13 in the spec: the normalized form (poolSize 2 and strides = poolSize by
// default, sizes one per spatial axis, "same" resolved to TensorFlow's pads), the global poolings as
// reductions over the spatial axes, builders giving the JSON a user writes, both spec forms, and the
// 1-D poolings lowered with reshapes onto the 2-D op. Gradients and TensorFlow.js:
// test/compiler/layers/pool-gradients and test/oracle/pool-layers; malformed specs: test/corpus.
import { describe, expect, it } from "vitest";
import {
  averagePooling1d,
  averagePooling2d,
  conv2d,
  dense,
  flatten,
  globalAveragePooling1d,
  globalAveragePooling2d,
  globalMaxPooling1d,
  globalMaxPooling2d,
  maxPooling1d,
  maxPooling2d,
  validateSpec,
} from "../../src/index.ts";
import { compileAndLoad } from "../support/compile-example.ts";

type Json = Record<string, unknown>;
const seq = (x: number[], layers: unknown[], y: number[]): Json => ({ name: "s", inputs: { x }, targets: { y }, layers, loss: { type: "mse" } });

describe("pooling layers: the normalized form", () => {
  it("fills the defaults: poolSize 2, strides = poolSize, valid padding (n → [n, n])", () => {
    const [node] = validateSpec(seq([7, 6, 3], [{ type: "maxPooling2d" }], [3, 3, 3])).nodes;
    expect(node).toStrictEqual({ kind: "maxPooling2d", name: "maxPooling2d1", input: "x", poolSize: [2, 2], strides: [2, 2], padding: "valid", pads: [0, 0, 0, 0], shape: [3, 3, 3], dtype: "float" });
    const [one] = validateSpec(seq([7, 2], [{ type: "averagePooling1d", poolSize: 3 }], [2, 2])).nodes;
    expect(one).toStrictEqual({ kind: "averagePooling1d", name: "averagePooling1d1", input: "x", poolSize: [3], strides: [3], padding: "valid", pads: [0, 0], shape: [2, 2], dtype: "float" });
  });

  it("strides given apart from poolSize, per axis; the output ⌊(in − p)/s⌋ + 1 with valid", () => {
    const [node] = validateSpec(seq([9, 8, 2], [{ type: "averagePooling2d", poolSize: [3, 2], strides: [2, 3] }], [4, 3, 2])).nodes;
    expect(node).toMatchObject({ poolSize: [3, 2], strides: [2, 3], pads: [0, 0, 0, 0], shape: [4, 3, 2] });
  });

  it('"same" pads as TensorFlow (total max((⌈in/s⌉ − 1)·s + p − in, 0), the extra one after): output ⌈in/s⌉', () => {
    // hand-worked: in 7, p 2, s 2: ⌈7/2⌉ = 4, 3·2 + 2 − 7 = 1 → [0, 1]; in 5, p 3, s 1: 4 + 3 − 5 = 2 → [1, 1];
    // in 7, p 2, s 3: ⌈7/3⌉ = 3, 2·3 + 2 − 7 = 1 → [0, 1]; in 6, p 2, s 3: 1·3 + 2 − 6 < 0 → [0, 0]
    const [a] = validateSpec(seq([7, 5, 1], [{ type: "maxPooling2d", poolSize: [2, 3], strides: [2, 1], padding: "same" }], [4, 5, 1])).nodes;
    expect(a).toMatchObject({ pads: [0, 1, 1, 1], shape: [4, 5, 1] });
    const [b] = validateSpec(seq([6, 7, 2], [{ type: "averagePooling2d", strides: 3, padding: "same" }], [2, 3, 2])).nodes;
    expect(b).toMatchObject({ poolSize: [2, 2], strides: [3, 3], pads: [0, 0, 0, 1], shape: [2, 3, 2] });
    const [c] = validateSpec(seq([7, 3], [{ type: "maxPooling1d", padding: "same" }], [4, 3])).nodes;
    expect(c).toMatchObject({ pads: [0, 1], shape: [4, 3] });
  });

  it("the global poolings are a mean or a max over the spatial axes: [h, w, c] or [steps, c] → [c]", () => {
    const nodes = (type: string, x: number[]) => validateSpec(seq(x, [{ type }], [x.at(-1)!])).nodes[0];
    expect(nodes("globalAveragePooling2d", [4, 5, 3])).toStrictEqual({ kind: "reduce", op: "mean", name: "globalAveragePooling2d1", input: "x", axes: [0, 1], keepDims: false, shape: [3], dtype: "float" });
    expect(nodes("globalMaxPooling2d", [4, 5, 3])).toMatchObject({ kind: "reduce", op: "max", axes: [0, 1], shape: [3] });
    expect(nodes("globalAveragePooling1d", [6, 2])).toMatchObject({ kind: "reduce", op: "mean", axes: [0], shape: [2] });
    expect(nodes("globalMaxPooling1d", [6, 2])).toMatchObject({ kind: "reduce", op: "max", axes: [0], shape: [2] });
  });
});

describe("pooling layers: builders and both spec forms", () => {
  it("the builders give the plain data a user would write (a layer, or a node with its input)", () => {
    expect(maxPooling2d()).toStrictEqual({ type: "maxPooling2d" });
    expect(maxPooling2d({ poolSize: [3, 2], strides: 1, padding: "same", name: "p" })).toStrictEqual({ type: "maxPooling2d", poolSize: [3, 2], strides: 1, padding: "same", name: "p" });
    expect(averagePooling2d({ input: "image", poolSize: 3 })).toStrictEqual({ type: "averagePooling2d", input: "image", poolSize: 3 });
    expect(maxPooling1d({ poolSize: [4] })).toStrictEqual({ type: "maxPooling1d", poolSize: [4] });
    expect(averagePooling1d({ input: "seq", strides: [1] })).toStrictEqual({ type: "averagePooling1d", input: "seq", strides: [1] });
    expect(globalAveragePooling2d()).toStrictEqual({ type: "globalAveragePooling2d" });
    expect(globalMaxPooling2d({ input: "f" })).toStrictEqual({ type: "globalMaxPooling2d", input: "f" });
    expect(globalAveragePooling1d({ name: "g" })).toStrictEqual({ type: "globalAveragePooling1d", name: "g" });
    expect(globalMaxPooling1d()).toStrictEqual({ type: "globalMaxPooling1d" });
  });

  it("a layers list and the same graph normalize to the same nodes", () => {
    const layers = validateSpec({
      name: "m",
      inputs: { x: [7, 6, 1] },
      targets: { y: [2] },
      layers: [conv2d(3, 3, { padding: "same", name: "c" }), maxPooling2d({ name: "p", padding: "same" }), averagePooling2d({ name: "a", poolSize: [2, 1] }), globalMaxPooling2d({ name: "g" }), dense(2, { name: "d" })],
      loss: { type: "mse" },
    });
    const graph = validateSpec({
      name: "m",
      inputs: { x: [7, 6, 1] },
      targets: { y: [2] },
      nodes: {
        c: conv2d(3, 3, { input: "x", padding: "same" }),
        p: maxPooling2d({ input: "c", padding: "same" }),
        a: averagePooling2d({ input: "p", poolSize: [2, 1] }),
        g: globalMaxPooling2d({ input: "a" }),
        d: dense(2, { input: "g" }),
      },
      output: "d",
      loss: { type: "mse" },
    });
    expect(graph.nodes).toStrictEqual(layers.nodes);
    expect(layers.nodes.map((n) => n.shape)).toStrictEqual([[7, 6, 3], [4, 3, 3], [2, 3, 3], [3], [2]]);
  });

  it("the JSON spec and the builders' spec compile to the same module", async () => {
    const json = seq([8, 2], [{ type: "maxPooling1d", padding: "same" }, { type: "globalAveragePooling1d" }], [2]);
    const built = seq([8, 2], [maxPooling1d({ padding: "same" }), globalAveragePooling1d()], [2]);
    const [a, b] = await Promise.all([compileAndLoad(json), compileAndLoad(built)]);
    expect(b.result.code).toBe(a.result.code);
  });

  it("a misspelt option reaches the validator with its path, as in JSON", () => {
    expect(() => validateSpec(seq([4, 4, 1], [maxPooling2d({ poolsize: 2 } as never), flatten()], [4]))).toThrow(/layers\[0\]\.poolsize: unknown key "poolsize"/);
  });
});

describe("pooling layers: lowering", () => {
  it("no parameters; a 2-D pooling is one max_pool2d / avg_pool2d with the explicit pads", async () => {
    const { module, result } = await compileAndLoad(seq([7, 5, 2], [maxPooling2d({ name: "p", poolSize: 3, strides: 2, padding: "same" }), averagePooling2d({ name: "a" }), flatten(), dense(2, { name: "d" })], [2]));
    expect(module.layout.params.map((p) => p.name)).toStrictEqual(["d.kernel", "d.bias"]);
    // in 7, p 3, s 2: 3·2 + 3 − 7 = 2 → [1, 1]; in 5: 2·2 + 3 − 5 = 2 → [1, 1]
    expect(result.ir).toContain("%p: f32[n,4,3,2] = max_pool2d %x {window=[3,3], strides=[2,2], pads=[1,1,1,1]}");
    expect(result.ir).toContain("%a: f32[n,2,1,2] = avg_pool2d %p {window=[2,2], strides=[2,2], pads=[0,0,0,0]}");
  });

  it("a 1-D pooling is a 2-D one over a height-1 image: reshapes around the one pooling op", async () => {
    const { result } = await compileAndLoad(seq([7, 2], [averagePooling1d({ name: "t", poolSize: 2, padding: "same" })], [4, 2]));
    expect(result.ir).toContain("%t.image: f32[n,1,7,2] = reshape %x {shape=[1,7,2]}");
    expect(result.ir).toContain("%t.pool2d: f32[n,1,4,2] = avg_pool2d %t.image {window=[1,2], strides=[1,2], pads=[0,0,0,1]}");
    expect(result.ir).toContain("%t: f32[n,4,2] = reshape %t.pool2d {shape=[4,2]}");
  });

  it("the global poolings lower to reduce_mean / reduce_max over the spatial axes", async () => {
    const { result } = await compileAndLoad(seq([4, 5, 3], [globalMaxPooling2d({ name: "g" })], [3]));
    expect(result.ir).toContain("%g: f32[n,3] = reduce_max %x {axes=[1,2]}");
  });
});
