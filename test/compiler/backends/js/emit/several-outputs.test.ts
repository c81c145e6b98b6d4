// Several outputs: `output` lists node names; the first is what forward() returns (after the loss's
// output transform), every one is in layout.outputs and readable with outputOf(name), the same
// buffer every call, written by forward() and loss() alike.
import { describe, expect, it } from "vitest";
import { compileAndLoad } from "../../../../support/compile-example.ts";

const spec = {
  name: "two_outputs",
  maxBatch: 4,
  inputs: { tok: { shape: [3], dtype: "int32" } },
  targets: { next: { shape: [3], dtype: "int32" } },
  nodes: {
    e: { type: "embedding", input: "tok", inputDim: 5, outputDim: 2 },
    logits: { type: "dense", input: "e", units: 5 },
  },
  output: ["logits", "e"],
  loss: { type: "sparseSoftmaxCrossEntropy", target: "next" },
};

describe("several outputs", async () => {
  const { module } = await compileAndLoad(spec);
  const tok = Int32Array.from([0, 4, 2, 1, 1, 3]);
  const next = Int32Array.from([4, 2, 1, 1, 3, 0]);

  it("lists every output in layout.outputs, the primary first", () => {
    expect(module.layout.outputs).toEqual([
      { name: "logits", shape: [3, 5] },
      { name: "e", shape: [3, 2] },
    ]);
  });

  it("outputOf gives each output's buffer: the primary is `output`, the embedding the table's rows", () => {
    const model = new module.Model({ seed: 3 });
    const probs = model.forward(tok, 2);
    const m = model as unknown as { outputOf(name: string): Float32Array; output: Float32Array };
    expect(m.outputOf("logits")).toBe(m.output);
    expect(m.outputOf("logits")).toBe(probs);
    const table = module.layout.params.find((p: { name: string }) => p.name === "e.embeddings")!;
    const e = m.outputOf("e");
    tok.forEach((t, i) => expect([e[2 * i], e[2 * i + 1]]).toEqual([model.params[table.offset + 2 * t], model.params[table.offset + 2 * t + 1]]));
    // softmax rows sum to 1: the primary output is after the loss's output transform
    for (let r = 0; r < 6; r++) expect(Array.from(probs.subarray(5 * r, 5 * r + 5)).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it("loss() writes the outputs too, into the same buffers", () => {
    const model = new module.Model({ seed: 3 });
    const m = model as unknown as { outputOf(name: string): Float32Array };
    const before = m.outputOf("e");
    model.forward(tok, 2);
    const fromForward = Array.from(before.subarray(0, 12));
    before.fill(0);
    model.loss(tok, next, 2);
    expect(m.outputOf("e")).toBe(before);
    expect(Array.from(before.subarray(0, 12))).toEqual(fromForward);
  });

  it("an unknown name is a RangeError that points at layout.outputs", () => {
    const m = new module.Model() as unknown as { outputOf(name: string): Float32Array };
    expect(() => m.outputOf("nope")).toThrow(/no output "nope": see layout.outputs/);
  });
});
