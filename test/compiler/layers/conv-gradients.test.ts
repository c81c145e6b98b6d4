// Finite-difference check of the conv2d, conv1d and depthwiseConv2d layers (issue 13; the table of
// test/support/conv-cases.ts, which the TensorFlow.js oracle runs too), in float64 through the whole
// pipeline: spec → lowering (compiler/layers/conv.ts) → module, every parameter of every case at
// batch 3 (maxBatch) and batch 1 (test/support/layer-fd.ts: weights, data, kinks, tolerance). The
// cases TensorFlow.js cannot compute (strides > 1 with dilation > 1) are checked here.
import { afterAll, describe, it } from "vitest";
import { WorstTable } from "../../support/compare.ts";
import { CONV_CASES } from "../../support/conv-cases.ts";
import { expectLayerMatchesFiniteDifferences } from "../../support/layer-fd.ts";

const table = new WorstTable();
afterAll(() => console.log(table.format("conv layers vs central finite differences (float64), worst scaled error per case:")));

describe("conv2d / conv1d / depthwiseConv2d layers: gradients vs central finite differences (float64)", () => {
  it.each(CONV_CASES.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
    await expectLayerMatchesFiniteDifferences(label, spec, table);
  });
});
