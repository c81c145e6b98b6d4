// The WebAssembly backend's rule for every op, by name: `satisfies` makes a missing or misnamed rule a
// type error, as in the JavaScript backend's table (backends/js/rules.ts). A rule says how the op's
// code reaches the binary:
//   translated  the JavaScript rule's code (its fused loop, or its kernel), translated statement by
//               statement into scalar WebAssembly (translate.ts): exactly the JavaScript's arithmetic
//   product     a matrix product planned as a module-level kernel: a SIMD kernel (products.ts,
//               kernels/gemm.ts) with the planned epilogue; a small product written inline is translated
//   window      a convolution or max pooling the JavaScript emitter writes as a module-level kernel
//               for this backend (js/emit/conv-kernel.ts): a SIMD kernel (convs.ts, kernels/conv.ts,
//               kernels/pool.ts) with the planned epilogue
import type { OpName } from "../../ops/index.ts";

export type WasmRule = { readonly kind: "translated" } | { readonly kind: "product" } | { readonly kind: "window" };

const translated: WasmRule = { kind: "translated" };
const product: WasmRule = { kind: "product" };
const windowed: WasmRule = { kind: "window" };

export const wasmRules = {
  neg: translated, exp: translated, log: translated, tanh: translated, sigmoid: translated, relu: translated, step: translated,
  leaky_relu: translated, leaky_step: translated, elu: translated, elu_slope: translated, softplus: translated,
  gelu: translated, gelu_slope: translated, silu: translated, silu_slope: translated, affine: translated,
  add: translated, sub: translated, mul: translated, div: translated, mul_scalar: translated, zeros_like: translated,
  const: translated,
  dot: translated,
  matmul: product,
  softmax: translated,
  softmax_vjp: translated,
  sqrt: translated, rsqrt: translated, abs: translated, sign: translated, square: translated,
  maximum: translated, minimum: translated, greater_equal: translated, select: translated,
  transpose: translated,
  dot_general: product,
  conv2d: windowed,
  conv2d_input_grad: windowed,
  conv2d_kernel_grad: windowed,
  depthwise_conv2d: translated,
  depthwise_conv2d_input_grad: translated,
  depthwise_conv2d_kernel_grad: translated,
  max_pool2d: windowed,
  max_pool2d_grad: translated,
  max_pool2d_gather: translated,
  avg_pool2d: translated,
  avg_pool2d_grad: translated,
  gather: translated,
  scatter_add: translated,
  one_hot: translated,
  reshape: translated,
  broadcast: translated,
  broadcast_mean: translated,
  reduce_sum: translated,
  reduce_max: translated,
  reduce_mean: translated,
  logsumexp: translated,
  eq_mask: translated,
  slice: translated,
  pad: translated,
  concat: translated,
  tensor: translated,
  dropout_mask: translated,
} satisfies Record<OpName, WasmRule>;

/** Whether the op's planned product kernel becomes a SIMD kernel. */
export const isSimdProduct = (op: OpName): boolean => (wasmRules[op] as WasmRule).kind === "product";

/** Whether the op's module-level window kernel becomes a SIMD kernel. */
export const isSimdWindow = (op: OpName): boolean => (wasmRules[op] as WasmRule).kind === "window";
