// i32 inputs in the generated module: listed in the layout with dtype "int32", passed as Int32Arrays
// (type- and length-checked like floats), and range-checked against the rows they index before any
// state changes: a bad index throws a message naming the input and the index, and params, grads,
// the step count and the output the caller holds stay as they were.
import { beforeAll, describe, expect, it } from "vitest";
import { GraphBuilder } from "../../../../../compiler/ir/builder.ts";
import { lowerLossFunction } from "../../../../../compiler/phases/1-lower/loss.ts";
import { compileGraph, type CompiledModule } from "../../../../../compiler/index.ts";
import { metaFromGraph } from "../../../../../compiler/backends/js/emit/meta.ts";
import { typecheckModule } from "../../../../../compiler/backends/js/emit/typecheck.ts";
import { indexBounds } from "../../../../../compiler/backends/js/emit/indices.ts";
import { loadModule, type LoadedModel, type LoadedModule } from "../../../../support/load-module.ts";
import { expectFinalModule } from "../../../../support/emitted-checks.ts";

const ROWS = 5;
const DIM = 2;
const LEN = 3;

/** tokens [n,3] → gather rows of a [5,2] table → mse against a target; with `depth`, also one_hot(tokens) in the loss. */
function graph(depth?: number) {
  const b = new GraphBuilder("tokens", "f32");
  const tokens = b.input("tokens", ["n", LEN], "i32");
  const table = b.param("embed.embeddings", [ROWS, depth ?? DIM]);
  b.comment = "embed";
  const e = b.apply("gather", [table, tokens], {}, "embed");
  b.comment = "";
  if (depth === undefined) {
    const target = b.input("target", ["n", LEN, DIM]);
    return b.finish(e.id, lowerLossFunction(b, "mse", e, target, "loss").id);
  }
  b.comment = "classes";
  const classes = b.apply("one_hot", [tokens], { depth }, "classes");
  b.comment = "";
  return b.finish(e.id, lowerLossFunction(b, "mse", e, classes, "loss").id);
}

let compiled: CompiledModule;
let module: LoadedModule;
beforeAll(async () => {
  const g = graph();
  compiled = await compileGraph(g, metaFromGraph(g, { maxBatch: 4, inputs: 1 }));
  module = await loadModule(compiled.code);
});

const tokens = (...values: number[]) => Int32Array.from(values);
const target = (batch: number) => Float32Array.from({ length: batch * LEN * DIM }, (_, i) => (i % 7) / 7 - 0.5);

/** Everything a refused call must leave as it was. */
function snapshot(model: LoadedModel, output: Float32Array | Float64Array) {
  return { params: Array.from(model.params), grads: Array.from(model.grads), stepCount: model.stepCount, output: Array.from(output) };
}

describe("an i32 input in the generated module", () => {
  it("is listed in the layout with dtype int32 (floats unchanged)", () => {
    expect(module.layout.inputs).toEqual([{ name: "tokens", shape: [LEN], dtype: "int32" }]);
    expect(module.layout.targets).toEqual([{ name: "target", shape: [LEN, DIM] }]);
    expect(compiled.layout.inputs[0]!.dtype).toBe("int32");
  });

  it("is the final text (prettier's), allocation-free, and type-checks under the strictest options", async () => {
    await expectFinalModule(compiled.code);
    expect(typecheckModule(compiled.code)).toEqual([]);
  });

  it("is typed Int32Array: passing a Float32Array is a type error", () => {
    const misuse = `${compiled.code}\nnew Model().forward(new Float32Array(${LEN}), 1);\n`;
    expect(typecheckModule(misuse).join("\n")).toMatch(/Float32Array.*not assignable to .*Int32Array/);
  });

  it("reads the table rows the indices name (forward and predict)", () => {
    const model = new module.Model({ seed: 1 });
    const ids = tokens(4, 0, 4, 2, 1, 3);
    const out = Array.from(model.forward(ids, 2).subarray(0, 2 * LEN * DIM));
    const expected = Array.from(ids).flatMap((r) => Array.from(model.params.subarray(r * DIM, (r + 1) * DIM)));
    expect(out).toEqual(expected);
    const many = tokens(...Array.from({ length: 7 * LEN }, (_, i) => (i * 3) % ROWS));
    const rows = Array.from(many).flatMap((r) => Array.from(model.params.subarray(r * DIM, (r + 1) * DIM)));
    expect(Array.from(model.predict(many, 7))).toEqual(rows);
  });

  it("refuses a Float32Array at run time, naming the input", () => {
    const model = new module.Model();
    expect(() => model.forward(new Float32Array(LEN), 1)).toThrow(TypeError);
    expect(() => model.forward(new Float32Array(LEN), 1)).toThrow("tokens: expected an Int32Array of indices, got [object Float32Array]");
    expect(() => model.loss(new Float32Array(LEN), target(1), 1)).toThrow("tokens: expected an Int32Array");
    expect(() => model.predict(new Float32Array(LEN), 1)).toThrow("tokens: expected an Int32Array");
  });

  it("checks its length like a float input's", () => {
    const model = new module.Model();
    expect(() => model.forward(tokens(1, 2, 3, 4), 2)).toThrow("tokens: expected at least 6 values (batch × row size), got 4");
    expect(() => model.predict(tokens(1, 2, 3, 4), 2)).toThrow("tokens: expected at least 6 values (rows × row size), got 4");
  });

  it.each([
    ["forward", (m: LoadedModel, ids: Int32Array) => m.forward(ids, 2)],
    ["loss", (m: LoadedModel, ids: Int32Array) => m.loss(ids, target(2), 2)],
    ["trainStep", (m: LoadedModel, ids: Int32Array) => m.trainStep(ids, target(2), 2)],
    ["predict", (m: LoadedModel, ids: Int32Array) => m.predict(ids, 2)],
  ])("%s: an index outside [0, rows) throws, naming the input and the index, and changes nothing", (_name, call) => {
    const model = new module.Model({ seed: 2 });
    model.trainStep(tokens(0, 1, 2, 3, 4, 0), target(2), 2);
    const output = model.forward(tokens(1, 1, 2, 2, 3, 3), 2);
    const before = snapshot(model, output);
    expect(() => call(model, tokens(0, 1, 2, 3, 5, 0))).toThrow("tokens[4] = 5 is outside [0, 5) (rows of embed.embeddings)");
    expect(() => call(model, tokens(-1, 1, 2, 3, 4, 0))).toThrow(RangeError);
    expect(() => call(model, tokens(-1, 1, 2, 3, 4, 0))).toThrow("tokens[0] = -1 is outside [0, 5)");
    expect(snapshot(model, output)).toEqual(before);
    // Rows past `batch` are not read, so not checked.
    expect(() => model.forward(tokens(0, 1, 2, 9, 9, 9), 1)).not.toThrow();
  });

  it("keeps the arrays of the last accepted loss() when one is refused: backward() still works", () => {
    const model = new module.Model({ seed: 4 });
    const ids = tokens(0, 1, 2, 3, 4, 0);
    model.loss(ids, target(2), 2);
    model.backward();
    const grads = Array.from(model.grads);
    expect(() => model.loss(tokens(7, 1, 2, 3, 4, 0), target(2), 2)).toThrow("tokens[0] = 7");
    model.backward();
    expect(Array.from(model.grads)).toEqual(grads);
  });
});

describe("index bounds", () => {
  it("are the smallest bound an input reaches: table rows or one_hot depth", () => {
    expect(indexBounds(graph())).toEqual(new Map([["tokens", { bound: ROWS, what: "rows of embed.embeddings" }]]));
    expect(indexBounds(graph(4))).toEqual(new Map([["tokens", { bound: 4, what: "depth of classes" }]]));
    expect(indexBounds(graph(7))).toEqual(new Map([["tokens", { bound: ROWS, what: "rows of embed.embeddings" }]]));
  });

  it("are checked by the module: one_hot's depth bounds the same tokens", async () => {
    const g = graph(4);
    const m = await loadModule((await compileGraph(g, metaFromGraph(g, { inputs: 1 }))).code);
    const model = new m.Model();
    expect(() => model.forward(tokens(0, 1, 4), 1)).toThrow("tokens[2] = 4 is outside [0, 4) (depth of classes)");
    expect(() => model.forward(tokens(0, 1, 3), 1)).not.toThrow();
  });
});
