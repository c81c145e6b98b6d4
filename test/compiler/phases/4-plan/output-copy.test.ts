// The output is always the model's own buffer: when the output is an input passed through (an
// identity network), forward() returns a copy in the arena, the same array on every call, never
// the caller's array.
import { describe, expect, it } from "vitest";
import { compileAndLoad } from "../../../support/compile-example.ts";

const IDENTITY_NETWORKS = [
  { label: "sequential identity layer (f32)", dtype: "f32", layers: [{ type: "identity" }] },
  { label: "graph identity node (f64)", dtype: "f64", nodes: { same: { type: "identity", input: "x" } }, output: "same" },
  { label: "identity of an identity (f32)", dtype: "f32", nodes: { a: { type: "identity", input: "x" }, b: { type: "identity", input: "a" } }, output: "b" },
];

describe("an output that is an input passed through is still the model's own buffer", () => {
  it.each(IDENTITY_NETWORKS.map((n) => [n.label, n] as const))("%s", async (_label, network) => {
    const { label: _, ...rest } = network;
    const spec = { name: "passthrough", maxBatch: 2, inputs: { x: [3] }, targets: { y: [3] }, loss: { type: "mse" }, ...rest };
    const { module } = await compileAndLoad(spec);
    const model = new module.Model();
    const Typed = network.dtype === "f64" ? Float64Array : Float32Array;
    const x1 = Typed.from([1, 2, 3, 4, 5, 6]);
    const x2 = Typed.from([-1, -2, -3, -4, -5, -6]);

    const first = model.forward(x1, 2);
    expect(first).not.toBe(x1);
    expect(Array.from(first.subarray(0, 6))).toEqual([1, 2, 3, 4, 5, 6]);
    const output = (model as unknown as { output: Float32Array | Float64Array }).output;
    expect(output).toBe(first);

    const second = model.forward(x2, 2);
    expect(second).toBe(first); // one buffer, overwritten by each call
    expect(Array.from(second.subarray(0, 6))).toEqual([-1, -2, -3, -4, -5, -6]);
    expect(Array.from(x1)).toEqual([1, 2, 3, 4, 5, 6]); // the caller's array is untouched

    const loss = model.loss(x1, Typed.from([1, 2, 3, 4, 5, 7]), 2);
    expect(loss).toBeCloseTo(1 / 6, 6);
    expect((model as unknown as { output: unknown }).output).toBe(first);
    expect(Array.from(first.subarray(0, 6))).toEqual([1, 2, 3, 4, 5, 6]);
    first[0] = 99; // writing the output never writes the input
    expect(x1[0]).toBe(1);
  });
});
