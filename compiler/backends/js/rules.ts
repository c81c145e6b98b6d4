// The JavaScript backend's rule for every op, by name: `satisfies` makes a missing or misnamed rule a
// type error. An elementwise op's rule is its scalar expression (elementwise.ts); any other op's is
// a kernel writing its whole output (kernels/, one file per concept). The planner never reads these.
import type { OpName } from "../../ops/index.ts";
import { elementwise as e } from "./elementwise.ts";
import { broadcastCode, broadcastMeanCode } from "./kernels/broadcast.ts";
import { constCode, tensorCode } from "./kernels/constants.ts";
import { dotGeneralCode } from "./kernels/dot-general.ts";
import { gatherCode, oneHotCode, scatterAddCode } from "./kernels/gather.ts";
import {
  huberCode, huberGradCode, maeCode, maeGradCode, mseCode, mseGradCode,
  sigmoidXentCode, sigmoidXentGradCode, softmaxXentCode, softmaxXentGradCode,
} from "./kernels/losses.ts";
import { dotCode, matmulCode } from "./kernels/matmul.ts";
import { concatCode, padCode, reshapeCode, sliceCode, transposeCode } from "./kernels/movement.ts";
import { reduceCode } from "./kernels/reductions.ts";
import { softmaxCode, softmaxVjpCode } from "./kernels/softmax.ts";
import { kernel, type JsRule } from "./rule.ts";

export const jsRules = {
  neg: e.neg, exp: e.exp, log: e.log, tanh: e.tanh, sigmoid: e.sigmoid, relu: e.relu, step: e.step,
  leaky_relu: e.leaky_relu, leaky_step: e.leaky_step, elu: e.elu, elu_slope: e.elu_slope, softplus: e.softplus,
  gelu: e.gelu, gelu_slope: e.gelu_slope, silu: e.silu, silu_slope: e.silu_slope, affine: e.affine,
  add: e.add, sub: e.sub, mul: e.mul, div: e.div, mul_scalar: e.mul_scalar, zeros_like: e.zeros_like,
  const: kernel(constCode),
  dot: kernel(dotCode),
  matmul: kernel(matmulCode),
  softmax: kernel(softmaxCode),
  softmax_vjp: kernel(softmaxVjpCode),
  mse: kernel(mseCode),
  mse_grad: kernel(mseGradCode),
  mae: kernel(maeCode),
  mae_grad: kernel(maeGradCode),
  huber: kernel(huberCode),
  huber_grad: kernel(huberGradCode),
  softmax_xent: kernel(softmaxXentCode),
  softmax_xent_grad: kernel(softmaxXentGradCode),
  sigmoid_xent: kernel(sigmoidXentCode),
  sigmoid_xent_grad: kernel(sigmoidXentGradCode),
  sqrt: e.sqrt, rsqrt: e.rsqrt, abs: e.abs, sign: e.sign, square: e.square,
  maximum: e.maximum, minimum: e.minimum, greater_equal: e.greater_equal, select: e.select,
  transpose: kernel(transposeCode),
  dot_general: kernel(dotGeneralCode),
  gather: kernel(gatherCode),
  scatter_add: kernel(scatterAddCode),
  one_hot: kernel(oneHotCode),
  reshape: kernel(reshapeCode),
  broadcast: kernel((k) => broadcastCode(k)),
  broadcast_mean: kernel(broadcastMeanCode),
  reduce_sum: kernel((k) => reduceCode(k, "sum")),
  reduce_max: kernel((k) => reduceCode(k, "max")),
  reduce_mean: kernel((k) => reduceCode(k, "mean")),
  eq_mask: e.eq_mask,
  slice: kernel(sliceCode),
  pad: kernel(padCode),
  concat: kernel(concatCode),
  tensor: kernel(tensorCode),
} satisfies Record<OpName, JsRule>;
