// Finite-difference check of the pooling layers (issue 13; the table of test/support/pool-cases.ts,
// which the TensorFlow.js oracle runs too), in float64 through the whole pipeline: spec → lowering
// (compiler/layers/pool.ts, the global poolings as reductions) → module. The pooling under test has
// no parameters: its ∂L/∂x reaches the conv layer it reads, whose every parameter is checked at batch
// 3 (maxBatch) and batch 1 (test/support/layer-fd.ts: weights, data, kinks, tolerance).
import { afterAll, describe, it } from "vitest";
import { WorstTable } from "../../support/compare.ts";
import { POOL_CASES } from "../../support/pool-cases.ts";
import { expectLayerMatchesFiniteDifferences } from "../../support/layer-fd.ts";

const table = new WorstTable();
afterAll(() => console.log(table.format("pooling layers vs central finite differences (float64), worst scaled error per case:")));

describe("pooling layers: gradients vs central finite differences (float64)", () => {
  it.each(POOL_CASES.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
    await expectLayerMatchesFiniteDifferences(label, spec, table);
  });
});
