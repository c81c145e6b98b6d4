// Every primitive op, by name. `satisfies` makes a missing or misnamed op a type error.
import type { OpDef } from "./define.ts";
import { abs } from "./abs.ts";
import { add } from "./add.ts";
import { affine } from "./affine.ts";
import { broadcast, broadcast_mean } from "./broadcast.ts";
import { concat } from "./concat.ts";
import { constant } from "./const.ts";
import { conv2d, conv2d_input_grad, conv2d_kernel_grad } from "./conv.ts";
import { depthwise_conv2d, depthwise_conv2d_input_grad, depthwise_conv2d_kernel_grad } from "./depthwise-conv.ts";
import { div } from "./div.ts";
import { dropout_mask } from "./dropout-mask.ts";
import { dot } from "./dot.ts";
import { dot_general } from "./dot-general.ts";
import { elu } from "./elu.ts";
import { eq_mask } from "./eq-mask.ts";
import { elu_slope } from "./elu-slope.ts";
import { exp } from "./exp.ts";
import { gelu } from "./gelu.ts";
import { gather } from "./gather.ts";
import { gelu_slope } from "./gelu-slope.ts";
import { greater_equal } from "./greater-equal.ts";
import { leaky_relu } from "./leaky-relu.ts";
import { leaky_step } from "./leaky-step.ts";
import { log } from "./log.ts";
import { logsumexp } from "./logsumexp.ts";
import { matmul } from "./matmul.ts";
import { maximum } from "./maximum.ts";
import { minimum } from "./minimum.ts";
import { mul } from "./mul.ts";
import { mul_scalar } from "./mul-scalar.ts";
import { neg } from "./neg.ts";
import { one_hot } from "./one-hot.ts";
import { relu } from "./relu.ts";
import { rsqrt } from "./rsqrt.ts";
import { select } from "./select.ts";
import { scatter_add } from "./scatter-add.ts";
import { reduce_max, reduce_mean, reduce_sum } from "./reduce.ts";
import { reshape } from "./reshape.ts";
import { sigmoid } from "./sigmoid.ts";
import { sign } from "./sign.ts";
import { silu } from "./silu.ts";
import { silu_slope } from "./silu-slope.ts";
import { pad, slice } from "./slice.ts";
import { avg_pool2d, avg_pool2d_grad, max_pool2d, max_pool2d_gather, max_pool2d_grad } from "./pool.ts";
import { softmax } from "./softmax.ts";
import { softmax_vjp } from "./softmax-vjp.ts";
import { softplus } from "./softplus.ts";
import { sqrt } from "./sqrt.ts";
import { square } from "./square.ts";
import { step } from "./step.ts";
import { sub } from "./sub.ts";
import { tanh } from "./tanh.ts";
import { tensor } from "./tensor.ts";
import { transpose } from "./transpose.ts";
import { zeros_like } from "./zeros-like.ts";

export const OP_NAMES = [
  "neg", "exp", "log", "tanh", "sigmoid", "relu", "step", "leaky_relu", "leaky_step",
  "elu", "elu_slope", "softplus", "gelu", "gelu_slope", "silu", "silu_slope", "affine",
  "add", "sub", "mul", "div", "mul_scalar", "zeros_like", "const", "dot", "matmul",
  "softmax", "softmax_vjp",
  "sqrt", "rsqrt", "abs", "sign", "square", "maximum", "minimum", "greater_equal", "select",
  "transpose", "dot_general", "conv2d", "conv2d_input_grad", "conv2d_kernel_grad",
  "depthwise_conv2d", "depthwise_conv2d_input_grad", "depthwise_conv2d_kernel_grad",
  "max_pool2d", "max_pool2d_grad", "max_pool2d_gather", "avg_pool2d", "avg_pool2d_grad",
  "gather", "scatter_add", "one_hot",
  "reshape", "broadcast", "broadcast_mean", "reduce_sum", "reduce_max", "reduce_mean", "logsumexp", "eq_mask",
  "slice", "pad", "concat", "tensor",
  "dropout_mask",
] as const;
export type OpName = (typeof OP_NAMES)[number];

export const ops = {
  neg, exp, log, tanh, sigmoid, relu, step, leaky_relu, leaky_step,
  elu, elu_slope, softplus, gelu, gelu_slope, silu, silu_slope, affine,
  add, sub, mul, div, mul_scalar, zeros_like, const: constant, dot, matmul,
  softmax, softmax_vjp,
  sqrt, rsqrt, abs, sign, square, maximum, minimum, greater_equal, select,
  transpose, dot_general, conv2d, conv2d_input_grad, conv2d_kernel_grad,
  depthwise_conv2d, depthwise_conv2d_input_grad, depthwise_conv2d_kernel_grad,
  max_pool2d, max_pool2d_grad, max_pool2d_gather, avg_pool2d, avg_pool2d_grad,
  gather, scatter_add, one_hot,
  reshape, broadcast, broadcast_mean, reduce_sum, reduce_max, reduce_mean, logsumexp, eq_mask,
  slice, pad, concat, tensor,
  dropout_mask,
} satisfies Record<OpName, OpDef>;

export function isOpName(name: string): name is OpName {
  return (OP_NAMES as readonly string[]).includes(name);
}
