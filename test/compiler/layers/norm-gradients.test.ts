// Finite-difference check of the layers whose training and inference differ (issue 13), in float64
// through the whole pipeline, in training mode (what loss() and backward() run): batchNormalization
// differentiated through its batch statistics, dropout through its mask. Every parameter of every
// case of test/support/norm-cases.ts against central differences (test/support/finite-diff.ts:
// FD_TOLERANCE and its justification), at batch 3 (maxBatch) and batch 2.
//
// Dropout draws a fresh mask on every loss() call: each evaluation first sets the generator's state
// (model.randomState) to one value, so the function differenced is the loss under one fixed mask,
// the mask backward() reads (test/support/layer-fd.ts). Batch norm's state updates do not feed the
// training loss.
import { afterAll, describe, it } from "vitest";
import { WorstTable } from "../../support/compare.ts";
import { expectLayerMatchesFiniteDifferences } from "../../support/layer-fd.ts";
import { BATCH_NORM_CASES, DROPOUT_CASES } from "../../support/norm-cases.ts";

const table = new WorstTable();
afterAll(() => console.log(table.format("batchNormalization / dropout vs central finite differences (float64), worst scaled error per case:")));

describe("batchNormalization and dropout in training mode: gradients vs central finite differences (float64)", () => {
  it.each([...BATCH_NORM_CASES, ...DROPOUT_CASES].map((c) => [c.label, c] as const))("%s", { timeout: 60_000 }, async (label, { spec, zeroGradient }) => {
    await expectLayerMatchesFiniteDifferences(label, spec, table, { batches: [3, 2], zeroGradient: zeroGradient ?? [] });
  });
});
