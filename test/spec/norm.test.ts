// batchNormalization and dropout in the spec (issue 13): normalized defaults, both spec forms and the
// builders giving the same data, the parameter and state layout (Keras's order: γ, β, then the
// moving statistics), and the bad values refused with the field named.
import { describe, expect, it } from "vitest";
import { batchNormalization, compile, dense, dropout, sequential, softmaxCrossEntropy, validateSpec } from "../../src/index.ts";

const layers = (...list: unknown[]) => ({ name: "n", inputs: { x: [4, 4, 3] }, targets: { y: [4, 4, 3] }, layers: list, loss: { type: "mse" } });
const nodeOf = (spec: unknown) => validateSpec(spec).nodes[0]!;

describe("batchNormalization and dropout specs", () => {
  it("normalize with tf.layers' defaults", () => {
    expect(nodeOf(layers({ type: "batchNormalization" }))).toMatchObject({ kind: "batchNormalization", axis: 2, momentum: 0.99, epsilon: 0.001, center: true, scale: true, shape: [4, 4, 3] });
    expect(nodeOf(layers({ type: "batchNormalization", axis: 0, momentum: 0.9, center: false }))).toMatchObject({ axis: 0, momentum: 0.9, center: false, scale: true });
    expect(nodeOf(layers({ type: "dropout", rate: 0.25 }))).toMatchObject({ kind: "dropout", rate: 0.25, shape: [4, 4, 3] });
  });

  it("builders give the JSON form, in layer lists and as graph nodes", () => {
    expect(batchNormalization()).toStrictEqual({ type: "batchNormalization" });
    expect(batchNormalization({ momentum: 0.9, name: "bn" })).toStrictEqual({ type: "batchNormalization", momentum: 0.9, name: "bn" });
    expect(batchNormalization({ input: "h", axis: 1 })).toStrictEqual({ type: "batchNormalization", input: "h", axis: 1 });
    expect(dropout(0.5)).toStrictEqual({ type: "dropout", rate: 0.5 });
    expect(dropout(0.5, { input: "h" })).toStrictEqual({ type: "dropout", rate: 0.5, input: "h" });
    const built = sequential({ name: "s", inputs: { x: [6] }, targets: { y: [2] }, layers: [dense(4), batchNormalization(), dropout(0.3), dense(2)], loss: softmaxCrossEntropy() });
    const json = { name: "s", inputs: { x: [6] }, targets: { y: [2] }, layers: [{ type: "dense", units: 4 }, { type: "batchNormalization" }, { type: "dropout", rate: 0.3 }, { type: "dense", units: 2 }], loss: { type: "softmaxCrossEntropy" } };
    expect(validateSpec(built)).toStrictEqual(validateSpec(json));
  });

  it("lay out γ and β as parameters and the moving statistics as state, each the size of the axis", async () => {
    const m = await compile(layers({ type: "conv2d", filters: 5, kernelSize: 1 }, { type: "batchNormalization" }, { type: "dropout", rate: 0.1 }, { type: "conv2d", filters: 3, kernelSize: 1 }));
    expect(m.layout.params.map((p) => [p.name, p.shape])).toEqual([
      ["conv2d1.kernel", [1, 1, 3, 5]],
      ["conv2d1.bias", [5]],
      ["batchNormalization1.gamma", [5]],
      ["batchNormalization1.beta", [5]],
      ["conv2d2.kernel", [1, 1, 5, 3]],
      ["conv2d2.bias", [3]],
    ]);
    expect(m.layout.state).toEqual([
      { name: "batchNormalization1.movingMean", shape: [5], offset: 0, length: 5 },
      { name: "batchNormalization1.movingVariance", shape: [5], offset: 5, length: 5 },
    ]);
    // the inference graph: the moving statistics folded into one factor and one shift per channel, no mask
    expect(m.inferenceIr).toContain("%batchNormalization1.shift: f32[5] = sub %batchNormalization1.beta");
    expect(m.inferenceIr).not.toContain("dropout_mask");
    expect(m.ir).toContain("dropout_mask");
    expect(m.ir).toMatch(/update %batchNormalization1\.movingMean = %batchNormalization1\.nextMovingMean/);
  });

  it.each([
    ["a dropout rate of 1", { type: "dropout", rate: 1 }, "layers[0].rate", "a number in [0, 1)"],
    ["a negative dropout rate", { type: "dropout", rate: -0.1 }, "layers[0].rate", "a number in [0, 1)"],
    ["a dropout without a rate", { type: "dropout" }, "layers[0].rate", "a number in [0, 1)"],
    ["a momentum above 1", { type: "batchNormalization", momentum: 1.5 }, "layers[0].momentum", "a number in [0, 1]"],
    ["an epsilon of 0", { type: "batchNormalization", epsilon: 0 }, "layers[0].epsilon", "positive"],
    ["a batch-norm axis out of range", { type: "batchNormalization", axis: 3 }, "layers[0].axis", "axis 3"],
  ])("refuse %s, naming the field", (_, layer, path, words) => {
    let message = "";
    try {
      validateSpec(layers(layer));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(path);
    expect(message).toContain(words);
  });
});
