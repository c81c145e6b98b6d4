// Every N-D node kind and layer of issue 16 against TensorFlow.js: a table of small graph specs
// (plain JSON, validated by validateSpec), each compiled by tapeless in float32 (and float64 as the
// reference) and built independently in tf ops from the normalized spec (test/support/tfjs-oracle/).
// Parameters are the model's seeded ones plus uniform(−0.3, 0.3) noise, so γ ≠ 1, β ≠ 0 and biases
// ≠ 0 count; float inputs lie in [−1, 1], int32 inputs are indices in range. Loss, primary output and
// every gradient must agree within the float32 bound of test/support/compare.ts (as the examples).
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectLayerMatchesOracle } from "../support/layer-oracle.ts";
import { tfReady } from "../support/tfjs-oracle.ts";
import { WorstTable } from "../support/compare.ts";
import { LAYER_CASES } from "../support/layer-cases.ts";

const table = new WorstTable();
beforeAll(tfReady);
afterAll(() => console.log(table.format("N-D layers, worst relative errors (f32 = tapeless float32, tf = TensorFlow.js, f64 = tapeless float64):")));

describe("N-D layers: tapeless float32 = TensorFlow.js (and both ≈ tapeless float64)", () => {
  it.each(LAYER_CASES.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
    await expectLayerMatchesOracle(label, spec, table);
  });
});
