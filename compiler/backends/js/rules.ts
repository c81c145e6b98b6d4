// The JavaScript backend's rule for every op, by name: `satisfies` makes a missing or misnamed rule a
// type error. An elementwise op's rule is its scalar expression (elementwise.ts); any other op's is
// a kernel writing its whole output (kernels/, one file per concept). The planner never reads these.
import type { OpName } from "../../ops/index.ts";
import { elementwise as e } from "./elementwise.ts";
import { broadcastCode, broadcastCount, broadcastMeanCode } from "./kernels/broadcast.ts";
import { constCode, tensorCode } from "./kernels/constants.ts";
import { conv2dCode, conv2dInputGradCode, conv2dKernelGradCode } from "./kernels/conv.ts";
import { depthwiseConv2dCode, depthwiseConv2dInputGradCode, depthwiseConv2dKernelGradCode } from "./kernels/depthwise.ts";
import { dotGeneralCode } from "./kernels/dot-general.ts";
import { gatherCode, oneHotCode, scatterAddCode } from "./kernels/gather.ts";
import { dotCode, matmulCode } from "./kernels/matmul.ts";
import { concatCode, padCode, reshapeCode, sliceCode, transposeCode } from "./kernels/movement.ts";
import { avgPool2dCode, avgPool2dGradCode, maxPool2dCode, maxPool2dGatherCode, maxPool2dGradCode } from "./kernels/pool.ts";
import { logsumexpCode, reduceCode } from "./kernels/reductions.ts";
import { softmaxCode, softmaxVjpCode } from "./kernels/softmax.ts";
import { dropoutMaskCode } from "./kernels/random.ts";
import { divisor, kernel, type Accumulator, type JsRule } from "./rule.ts";

const SUM: Accumulator = { init: "0", step: (acc, v) => `${acc} += ${v};`, result: (acc) => acc };
const MAX: Accumulator = { init: "-Infinity", step: (acc, v) => `if (${v} > ${acc}) ${acc} = ${v};`, result: (acc) => acc };

export const jsRules = {
  neg: e.neg, exp: e.exp, log: e.log, tanh: e.tanh, sigmoid: e.sigmoid, relu: e.relu, step: e.step,
  leaky_relu: e.leaky_relu, leaky_step: e.leaky_step, elu: e.elu, elu_slope: e.elu_slope, softplus: e.softplus,
  gelu: e.gelu, gelu_slope: e.gelu_slope, silu: e.silu, silu_slope: e.silu_slope, affine: e.affine,
  add: e.add, sub: e.sub, mul: e.mul, div: e.div, mul_scalar: e.mul_scalar, zeros_like: e.zeros_like,
  const: { ...kernel(constCode), element: (_, { attrs }) => String(attrs.value) },
  dot: kernel(dotCode),
  matmul: kernel(matmulCode),
  softmax: kernel(softmaxCode),
  softmax_vjp: kernel(softmaxVjpCode),
  sqrt: e.sqrt, rsqrt: e.rsqrt, abs: e.abs, sign: e.sign, square: e.square,
  maximum: e.maximum, minimum: e.minimum, greater_equal: e.greater_equal, select: e.select,
  transpose: kernel(transposeCode),
  dot_general: kernel(dotGeneralCode),
  conv2d: kernel(conv2dCode),
  conv2d_input_grad: kernel(conv2dInputGradCode),
  conv2d_kernel_grad: kernel(conv2dKernelGradCode),
  depthwise_conv2d: kernel(depthwiseConv2dCode),
  depthwise_conv2d_input_grad: kernel(depthwiseConv2dInputGradCode),
  depthwise_conv2d_kernel_grad: kernel(depthwiseConv2dKernelGradCode),
  max_pool2d: kernel(maxPool2dCode),
  max_pool2d_grad: kernel(maxPool2dGradCode),
  max_pool2d_gather: kernel(maxPool2dGatherCode),
  avg_pool2d: kernel(avgPool2dCode),
  avg_pool2d_grad: kernel(avgPool2dGradCode),
  gather: kernel(gatherCode),
  scatter_add: kernel(scatterAddCode),
  one_hot: kernel(oneHotCode),
  reshape: kernel(reshapeCode),
  broadcast: { ...kernel((k) => broadcastCode(k)), element: ([x]) => x },
  broadcast_mean: { ...kernel(broadcastMeanCode), element: ([x], k) => `${x} / ${divisor(broadcastCount(k, k.inShapes[0]!, k.outShape))}` },
  reduce_sum: { ...kernel((k) => reduceCode(k, "sum")), accumulate: SUM },
  reduce_max: { ...kernel((k) => reduceCode(k, "max")), accumulate: MAX },
  reduce_mean: { ...kernel((k) => reduceCode(k, "mean")), accumulate: { ...SUM, result: (acc, count) => `${acc} / ${divisor(count)}` } },
  logsumexp: kernel(logsumexpCode),
  eq_mask: e.eq_mask,
  slice: kernel(sliceCode),
  pad: kernel(padCode),
  concat: kernel(concatCode),
  tensor: kernel(tensorCode),
  dropout_mask: kernel(dropoutMaskCode),
} satisfies Record<OpName, JsRule>;
