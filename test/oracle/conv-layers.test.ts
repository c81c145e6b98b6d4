// The conv2d, conv1d and depthwiseConv2d layers (issue 13) against TensorFlow.js: the table of
// test/support/conv-cases.ts (the finite-difference check runs it too), each compiled by tapeless in
// float32 (and float64 as the reference) and built independently in tf ops from the normalized spec
// (test/support/tfjs-oracle/nodes.ts: tf.conv2d / tf.conv1d / tf.depthwiseConv2d as the tf.layers call them;
// test/oracle/tfjs-oracle.test.ts checks that node against the tf.layers themselves). Parameters are
// the model's seeded ones plus uniform(−0.3, 0.3) noise, inputs in [−1, 1]. Loss, output and every
// gradient must agree within the float32 bound of test/support/compare.ts for the network, and within
// 1e-4 (the issue's bound) whichever is smaller.
//
// The cases marked fdOnly (strides > 1 together with dilation > 1) cannot be computed by
// TensorFlow.js 4.22: the last test checks that tf refuses exactly those, with the reason the table
// gives; their gradients are checked by finite differences alone (conv-gradients.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { validateSpec } from "../../src/index.ts";
import { expectLayerMatchesOracle } from "../support/layer-oracle.ts";
import { tfReady, type OracleSpec } from "../support/tfjs-oracle.ts";
import { WorstTable } from "../support/compare.ts";
import { CONV_CASES, STRIDES_AND_DILATION } from "../support/conv-cases.ts";

const ISSUE_BOUND = 1e-4;
const table = new WorstTable();
beforeAll(tfReady);
afterAll(() => console.log(table.format("conv layers, worst relative errors (f32 = tapeless float32, tf = TensorFlow.js, f64 = tapeless float64):")));

const oracleCases = CONV_CASES.filter((c) => c.fdOnly === undefined);
const fdOnly = CONV_CASES.filter((c) => c.fdOnly !== undefined);

describe("conv2d / conv1d / depthwiseConv2d layers: tapeless float32 = TensorFlow.js (and both ≈ tapeless float64)", () => {
  it.each(oracleCases.map((c) => [c.label, c.spec] as const))("%s", { timeout: 60_000 }, async (label, spec) => {
    await expectLayerMatchesOracle(label, spec, table, ISSUE_BOUND);
  });

  it("the cases left to finite differences are exactly those TensorFlow.js refuses (strides > 1 with dilation > 1)", () => {
    expect(fdOnly.length).toBeGreaterThan(0);
    for (const c of fdOnly) {
      expect(c.fdOnly).toBe(STRIDES_AND_DILATION);
      const normalized = validateSpec(c.spec, { dtype: "f32" }) as unknown as OracleSpec;
      const node = normalized.nodes.find((n) => n.name === "c")!;
      if (node.kind !== "conv2d" && node.kind !== "conv1d" && node.kind !== "depthwiseConv2d") throw new Error(`${c.label}: the node under test is ${node.kind}`);
      expect(node.strides.some((s) => s > 1) && node.dilationRate.some((d) => d > 1), c.label).toBe(true);
      const x = tf.zeros([1, ...normalized.nodes[0]!.shape]);
      const channels = normalized.nodes[0]!.shape.at(-1)!;
      const refused =
        node.kind === "depthwiseConv2d"
          ? () => tf.depthwiseConv2d(x as tf.Tensor4D, tf.zeros<tf.Rank>([...node.kernelSize, channels, node.depthMultiplier]) as tf.Tensor4D, node.strides as [number, number], node.padding, "NHWC", node.dilationRate as [number, number])
          : node.kind === "conv2d"
            ? () => tf.conv2d(x as tf.Tensor4D, tf.zeros<tf.Rank>([...node.kernelSize, channels, node.filters]) as tf.Tensor4D, node.strides as [number, number], node.padding, "NHWC", node.dilationRate as [number, number])
            : () => tf.conv1d(x as tf.Tensor3D, tf.zeros<tf.Rank>([...node.kernelSize, channels, node.filters]) as tf.Tensor3D, node.strides[0]!, node.padding, "NWC", node.dilationRate[0]!);
      expect(refused, c.label).toThrow(/Either strides? or dilations? must be 1/);
    }
  });
});
