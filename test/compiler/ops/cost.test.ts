// Each op's cost rule (scalar operations per sample, n counted as 1): one row per kind of rule,
// with the count worked out by hand. The plan report sums these per fused loop.
import { describe, expect, it } from "vitest";
import type { Attrs, Shape } from "../../../compiler/ir/graph.ts";
import { ops, type OpName } from "../../../compiler/ops/index.ts";
import { formatCount } from "../../../compiler/phases/4-plan/report.ts";

const CASES: [string, OpName, Shape[], Shape, Attrs, number][] = [
  ["a dense product: 2·784·128 per sample", "matmul", [["n", 784], [784, 128]], ["n", 128], { ta: 0, tb: 0 }, 2 * 784 * 128],
  ["the weight gradient Xᵀ·dY contracts the batch: one sample's share", "matmul", [["n", 784], ["n", 128]], [784, 128], { ta: 1, tb: 0 }, 2 * 784 * 128],
  ["attention scores per head: 2·T·T·k per head", "dot_general", [["n", 8, 4, 12], ["n", 8, 4, 12]], ["n", 4, 8, 8], { lb: [0, 2], rb: [0, 2], lc: [3], rc: [3] }, 2 * 4 * 8 * 8 * 12],
  ["a 3×3 convolution, 1 → 16 channels, 'same' pads: 2·28·28·16·3·3·1 per sample", "conv2d", [["n", 28, 28, 1], [3, 3, 1, 16]], ["n", 28, 28, 16], { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1] }, 2 * 28 * 28 * 16 * 9],
  ["its kernel gradient sums the same terms over the batch: one sample's share", "conv2d_kernel_grad", [["n", 28, 28, 1], ["n", 28, 28, 16]], [3, 3, 1, 16], { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], kernelShape: [3, 3, 1, 16] }, 2 * 28 * 28 * 16 * 9],
  ["its input gradient, strided: 2·OH·OW·F·kh·kw·C with OH = OW = 14", "conv2d_input_grad", [["n", 14, 14, 16], [3, 3, 1, 16]], ["n", 28, 28, 1], { strides: [2, 2], dilations: [1, 1], pads: [0, 1, 0, 1], inputShape: [28, 28, 1] }, 2 * 14 * 14 * 16 * 9],
  ["a 2×2 max pool: one comparison per window position, 2·2·14·14·16 per sample", "max_pool2d", [["n", 28, 28, 16]], ["n", 14, 14, 16], { window: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] }, 4 * 14 * 14 * 16],
  ["its gradient also clears ∂L/∂x: + 28·28·16", "max_pool2d_grad", [["n", 28, 28, 16], ["n", 14, 14, 16]], ["n", 28, 28, 16], { window: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] }, 4 * 14 * 14 * 16 + 28 * 28 * 16],
  ["a 3×3 average, 'same' pads: 9 additions and a division per output element", "avg_pool2d", [["n", 5, 5, 2]], ["n", 5, 5, 2], { window: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1] }, (9 + 4) * 5 * 5 * 2],
  ["a 3×3 depthwise convolution, 8 channels × 2: 2·14·14·16·3·3 per sample (no sum over channels)", "depthwise_conv2d", [["n", 14, 14, 8], [3, 3, 8, 2]], ["n", 14, 14, 16], { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1] }, 2 * 14 * 14 * 16 * 9],
  ["its kernel gradient: the same terms, one sample's share", "depthwise_conv2d_kernel_grad", [["n", 14, 14, 8], ["n", 14, 14, 16]], [3, 3, 8, 2], { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], kernelShape: [3, 3, 8, 2] }, 2 * 14 * 14 * 16 * 9],
  ["its input gradient, strided: 2·OH·OW·C·M·kh·kw with OH = OW = 7", "depthwise_conv2d_input_grad", [["n", 7, 7, 16], [3, 3, 8, 2]], ["n", 14, 14, 8], { strides: [2, 2], dilations: [1, 1], pads: [0, 1, 0, 1], inputShape: [14, 14, 8] }, 2 * 7 * 7 * 16 * 9],
  ["exp: a transcendental per element", "exp", [["n", 10]], ["n", 10], {}, 200],
  ["add of three inputs: two additions per element", "add", [["n", 4], ["n", 4], ["n", 4]], ["n", 4], {}, 8],
  ["a reduction reads every input element once", "reduce_sum", [["n", 6, 5]], ["n", 5], { axes: [1] }, 30],
  ["a reshape is a view: free", "reshape", [["n", 6, 5]], ["n", 30], { shape: [30] }, 0],
  ["a transpose copies every element", "transpose", [["n", 6, 5]], ["n", 5, 6], { perm: [0, 2, 1] }, 30],
  ["division costs four", "div", [["n", 3], ["n", 3]], ["n", 3], {}, 12],
];

describe("op cost rules", () => {
  it.each(CASES)("%s", (_, op, ins, out, attrs, expected) => {
    expect(ops[op].cost(ins, out, attrs)).toBe(expected);
  });

  it("formats counts with three significant digits", () => {
    expect([950, 12_345, 4_560_000, 0].map(formatCount)).toEqual(["950", "12.3k", "4.56M", "0"]);
  });
});
