// loadWeights by name: names holding "/" and "." round-trip through toJSON, Keras spellings
// ("layer/kernel:0") still load, a name never silently lands on another parameter, and every
// malformed entry is refused with `cannot load weights: …` naming the parameter, changing nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { compileAndLoad } from "../../../../support/compile-example.ts";
import type { LoadedModule } from "../../../../support/load-module.ts";
import { trained, type WeightsModel } from "../../../../support/weights.ts";

// Layer names with "/" and "." at the start, the middle and the end, doubled, mixed, and pairs
// that differ only by "/" vs "." ("a/b" and "a.b"; "x/y.z" and "x.y/z").
const LAYER_NAMES = ["a/b", "a.b", "x/y.z", "x.y/z", "/lead", "trail.", "m//n", "p./q", "plain"];

const spec = (names: readonly string[], dtype = "f32") => ({
  name: "names",
  dtype,
  maxBatch: 2,
  inputs: { x: [2] },
  targets: { y: [2] },
  layers: names.map((name) => ({ type: "dense", units: 2, name })),
  loss: { type: "mse" },
});

let slashes: LoadedModule;
let plain: LoadedModule;
let plain64: LoadedModule;
beforeAll(async () => {
  slashes = (await compileAndLoad(spec(LAYER_NAMES))).module;
  plain = (await compileAndLoad(spec(["dense1", "dense2"]))).module;
  plain64 = (await compileAndLoad(spec(["dense1", "dense2"], "f64"))).module;
});

/** Expects loadWeights(weights) to throw `message` and to leave the model's parameters alone. */
function expectRefused(module: LoadedModule, weights: unknown, message: string | RegExp) {
  const target = trained(module, 1);
  const before = Array.from(target.params);
  expect(() => target.loadWeights(weights)).toThrow(message);
  expect(() => target.loadWeights(weights)).toThrow(/^cannot load weights: /);
  expect(Array.from(target.params)).toEqual(before);
}

describe("names with / and .", () => {
  it("toJSON → JSON text → loadWeights restores every parameter in its own place", () => {
    const model = trained(slashes);
    const json = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(LAYER_NAMES.flatMap((n) => [`${n}.kernel`, `${n}.bias`]));
    const restored = new slashes.Model({ seed: 7 }) as WeightsModel;
    restored.loadWeights(json);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
  });

  it("loads keys in any order, each by its exact name", () => {
    const model = trained(slashes);
    const reversed = Object.fromEntries(Object.entries(model.toJSON()).reverse());
    const restored = new slashes.Model({ seed: 7 }) as WeightsModel;
    restored.loadWeights(reversed);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
  });

  it("loads Keras spellings where they name exactly one parameter", () => {
    const model = trained(slashes);
    const named = model.toJSON();
    const keras: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(named)) {
      // "/lead.kernel" → "/lead/kernel:0"; the ambiguous pairs keep their exact names
      const ambiguous = /^(a[/.]b|x[/.]y[/.]z)\./.test(name);
      keras[ambiguous ? name : `${name.replace(/\.(kernel|bias)$/, "/$1")}:0`] = value.data;
    }
    const restored = new slashes.Model({ seed: 7 }) as WeightsModel;
    restored.loadWeights(keras);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
  });

  it.each([
    ["a/b/kernel", '"a/b/kernel" could be any of "a/b.kernel", "a.b.kernel"; give the exact name'],
    ["a/b/kernel:0", '"a/b/kernel:0" could be any of "a/b.kernel", "a.b.kernel"'],
    ["x/y/z/bias", '"x/y/z/bias" could be any of "x/y.z.bias", "x.y/z.bias"'],
  ])("refuses the ambiguous Keras spelling %j, naming the candidates", (key, message) => {
    const weights: Record<string, unknown> = trained(slashes).toJSON();
    weights[key] = [0, 0];
    expectRefused(slashes, weights, message);
  });

  it.each([
    ["dense1.kernel", "dense1/kernel"],
    ["dense1.kernel", "dense1/kernel:0"],
    ["dense1/kernel", "dense1/kernel:0"],
  ])("refuses one parameter given twice, as %j and %j", (first, second) => {
    const weights: Record<string, unknown> = trained(plain).toJSON();
    const kernel = weights["dense1.kernel"];
    delete weights["dense1.kernel"];
    weights[first] = kernel;
    weights[second] = kernel;
    expectRefused(plain, weights, `parameter "dense1.kernel" is given twice, as ${JSON.stringify(first)} and ${JSON.stringify(second)}`);
  });

  it("names unknown parameters escaped, never raw", () => {
    const weights: Record<string, unknown> = trained(plain).toJSON();
    weights["\x1b[2Jevil"] = [1];
    expectRefused(plain, weights, 'unknown parameter "\\u001b[2Jevil" (the model has "dense1.kernel", ');
  });
});

describe("malformed entries", () => {
  const sparse = [1, 2];
  delete (sparse as unknown[])[1];
  const at = (value: unknown) => (w: Record<string, unknown>) => {
    w["dense2.bias"] = value;
  };
  const P = 'parameter "dense2.bias"';
  const cases: [string, (w: Record<string, unknown>) => void, string][] = [
    ["a string", at("12"), `${P} must be an array of numbers or { shape, data }, got a string`],
    ["a number", at(12), `${P} must be an array of numbers or { shape, data }, got 12`],
    ["null", at(null), `${P} must be an array of numbers or { shape, data }, got null`],
    ["undefined", at(undefined), `${P} must be an array of numbers or { shape, data }, got undefined`],
    ["a boolean", at(true), "got a boolean"],
    ["a function", at(() => 0), "got a function"],
    ["a symbol", at(Symbol("s")), "got a symbol"],
    ["a bigint", at(12n), "got a bigint"],
    ["a sparse array", at(sparse), `${P}: value 1 is missing (a hole in a sparse array), expected a number`],
    ["an array of strings", at(["1", "2"]), `${P}: value 0 is a string, expected a number`],
    ["an array holding null (NaN after JSON)", at([1, null]), `${P}: value 1 is null, expected a number`],
    ["an array holding undefined", at([undefined, 1]), `${P}: value 0 is undefined, expected a number`],
    ["an array holding an object", at([1, {}]), `${P}: value 1 is an object, expected a number`],
    ["an array holding NaN", at([1, NaN]), `${P}: value 1 is NaN, expected a finite f32 number`],
    ["an array holding Infinity", at([-Infinity, 1]), `${P}: value 0 is -Infinity, expected a finite f32 number`],
    ["a value beyond the f32 range", at([1e39, 1]), `${P}: value 0 is 1e+39, expected a finite f32 number`],
    ["a BigInt64Array", at(new BigInt64Array(2)), `${P}: value 0 is a bigint, expected a number`],
    ["an array-like with no elements", at({ length: 2 }), `${P}: value 0 is undefined, expected a number`],
    ["too short an array", at([1]), `${P} has 1 values, the model expects 2`],
    ["an object without data", at({ shape: [2] }), `${P} has no data array (data is undefined)`],
    ["data null", at({ shape: [2], data: null }), `${P} has no data array (data is null)`],
    ["data a string", at({ data: "12" }), `${P} has no data array (data is a string)`],
    ["data a number", at({ data: 2 }), `${P} has no data array (data is 2)`],
    ["shape a string", at({ shape: "2", data: [1, 2] }), `${P} has shape a string, expected an array like [2]`],
    ["shape null", at({ shape: null, data: [1, 2] }), `${P} has shape null, expected an array like [2]`],
    ["shape a number", at({ shape: 2, data: [1, 2] }), `${P} has shape 2, expected an array like [2]`],
    ["a wrong shape", at({ shape: [2, 1], data: [1, 2] }), `${P} has shape [2,1], the model expects [2]`],
    ["shape of strings", at({ shape: ["2"], data: [1, 2] }), `${P} has shape ["2"], the model expects [2]`],
    ["shape holding an object", at({ shape: [{}], data: [1, 2] }), `${P} has shape [an object], the model expects [2]`],
    ["a malformed entry in the Keras spelling", (w) => { delete w["dense2.bias"]; w["dense2/bias:0"] = "12"; }, `parameter "dense2/bias:0" must be an array`],
  ];

  it.each(cases)("refuses %s, naming the parameter", (_what, mutate, message) => {
    const weights: Record<string, unknown> = trained(plain).toJSON();
    mutate(weights);
    expectRefused(plain, weights, message);
  });

  it("checks f64 values against the f64 range (1e39 is fine, NaN is not)", () => {
    const weights: Record<string, { data: number[] }> = trained(plain64).toJSON();
    weights["dense2.bias"].data = [1e39, 1];
    const target = trained(plain64, 1);
    target.loadWeights(weights);
    expect(target.params[target.params.length - 2]).toBe(1e39);
    weights["dense2.bias"].data = [NaN, 1];
    expectRefused(plain64, weights, `${P}: value 0 is NaN, expected a finite f64 number`);
  });

  it.each([
    ["null", null, "got null"],
    ["a string", "weights", "got a string"],
    ["a number", 3, "got 3"],
    ["undefined", undefined, "got undefined"],
  ])("refuses %s instead of a weights object", (_what, weights, detail) => {
    expectRefused(plain, weights, `cannot load weights: expected an object mapping parameter names to weights, ${detail}`);
  });
});

describe("Keras's weight names that differ from tapeless's", () => {
  const depthwise = {
    name: "depthwise-names",
    maxBatch: 2,
    inputs: { x: [4, 4, 2] },
    targets: { y: [2] },
    layers: [{ type: "depthwiseConv2d", name: "dw1", kernelSize: 2, depthMultiplier: 2 }, { type: "flatten" }, { type: "dense", units: 2, name: "head" }],
    loss: { type: "mse" },
  };

  it('"dw1/depthwise_kernel:0" (tf.layers.depthwiseConv2d\'s weight) loads into dw1.depthwiseKernel', async () => {
    const { module } = await compileAndLoad(depthwise);
    const model = trained(module);
    const named = model.toJSON();
    expect(Object.keys(named)).toEqual(["dw1.depthwiseKernel", "dw1.bias", "head.kernel", "head.bias"]);
    const keras = Object.fromEntries(
      Object.entries(named).map(([name, value]) => [`${name.replace(/\.depthwiseKernel$/, "/depthwise_kernel").replace(/\.(kernel|bias)$/, "/$1")}:0`, value.data]),
    );
    expect(Object.keys(keras)).toEqual(["dw1/depthwise_kernel:0", "dw1/bias:0", "head/kernel:0", "head/bias:0"]);
    const restored = new module.Model({ seed: 7 }) as WeightsModel;
    restored.loadWeights(keras);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
  });

  it('"dw1.depthwise_kernel" and "dw1.depthwise_kernel:0" name dw1.depthwiseKernel too (snake_case as camelCase); two spellings of one weight are refused', async () => {
    const { module } = await compileAndLoad(depthwise);
    const model = trained(module);
    const weights: Record<string, unknown> = model.toJSON();
    weights["dw1.depthwise_kernel"] = weights["dw1.depthwiseKernel"];
    delete weights["dw1.depthwiseKernel"];
    const restored = new module.Model({ seed: 99 }) as ReturnType<typeof trained>;
    restored.loadWeights(weights);
    expect(Array.from(restored.params)).toEqual(Array.from(model.params));
    weights["dw1/depthwise_kernel:0"] = weights["dw1.depthwise_kernel"];
    expectRefused(module, weights, /"dw1.depthwiseKernel" is given twice/);
  });
});
