// conv2d and conv1d as tf.layers.conv2d / conv1d (channels last): act(conv(x, kernel) + bias), the
// kernel [kh, kw, inChannels, filters] ([k, inChannels, filters] for conv1d), "same" padded exactly
// as TensorFlow; depthwiseConv2d as tf.layers.depthwiseConv2d, the same way on the depthwise_conv2d op.
// conv1d is a conv2d over a height-1 image: its input and kernel gain a unit axis by
// reshapes (views), so no op of its own. Invariant: the pads are explicit; `padsOf` is the one place
// "same" is resolved (the spec's shape rule uses it too, so the two agree on every output size).
import type { Value } from "../ir/graph.ts";
import type { NormalizedNode } from "../../src/spec/types.ts";
import { applyActivation } from "../phases/1-lower/activation.ts";
import type { LayerContext } from "./context.ts";

/** One spatial axis of a convolution: its input size, kernel taps, stride and dilation. */
export interface ConvAxis {
  input: number;
  kernel: number;
  stride: number;
  dilation: number;
}

/**
 * [before, after] padding of one axis. "same" as TensorFlow: total = max((⌈in/s⌉ − 1)·s + (k − 1)·d + 1 − in, 0),
 * before = ⌊total/2⌋, the extra one after (bottom / right).
 */
export function padsOf(a: ConvAxis, padding: "valid" | "same"): [number, number] {
  if (padding === "valid") return [0, 0];
  const total = Math.max((Math.ceil(a.input / a.stride) - 1) * a.stride + (a.kernel - 1) * a.dilation + 1 - a.input, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** The output size of one axis: ⌊(in + pads − ((k − 1)·d + 1)) / s⌋ + 1 (below 1 when the kernel does not fit). */
export function outputSizeOf(a: ConvAxis, pads: readonly [number, number]): number {
  const extent = (a.kernel - 1) * a.dilation + 1;
  return Math.floor((a.input + pads[0] + pads[1] - extent) / a.stride) + 1;
}

type ConvNode = Extract<NormalizedNode, { kind: "conv2d" | "conv1d" }>;

/** x: [n, H, W, C] (conv2d) or [n, L, C] (conv1d), batched. */
export function conv(ctx: LayerContext, node: ConvNode, x: Value): Value {
  const { b } = ctx;
  const hasAct = node.activation.type !== "identity";
  const inChannels = x.shape[x.shape.length - 1] as number;
  const taps = node.kernelSize.reduce((p, k) => p * k, 1);
  const fans: [number, number] = [taps * inChannels, taps * node.filters];
  const kernel = ctx.param(node.name, "kernel", [...node.kernelSize, inChannels, node.filters], node.kernelInitializer, fans);
  const bias = node.useBias ? ctx.param(node.name, "bias", [node.filters], node.biasInitializer) : undefined;
  const productId = bias || hasAct ? `${node.name}.conv` : node.name;
  let y: Value;
  if (node.kind === "conv2d") {
    const attrs = { strides: node.strides, dilations: node.dilationRate, pads: node.pads };
    y = b.apply("conv2d", [x, kernel], attrs, productId);
  } else {
    // [n, L, C] → [n, 1, L, C] and [k, C, F] → [1, k, C, F]: a conv2d over a height-1 image (views).
    const [steps] = x.shape.slice(1) as number[];
    const image = b.apply("reshape", [x], { shape: [1, steps!, inChannels] }, `${node.name}.image`);
    const kernel2d = b.apply("reshape", [kernel], { shape: [1, node.kernelSize[0]!, inChannels, node.filters] }, `${node.name}.kernel2d`);
    const attrs = { strides: [1, node.strides[0]!], dilations: [1, node.dilationRate[0]!], pads: [0, 0, node.pads[0]!, node.pads[1]!] };
    const rows = b.apply("conv2d", [image, kernel2d], attrs, `${node.name}.conv2d`);
    y = b.apply("reshape", [rows], { shape: node.shape }, productId);
  }
  return biasAndActivation(ctx, node, y, bias);
}

/** act(y + bias) with the ids the layer's nodes get (the bias repeated over every position: a loop reads it per channel, never stored). */
function biasAndActivation(ctx: LayerContext, node: ConvNode | DepthwiseNode, y: Value, bias: Value | undefined): Value {
  const { b } = ctx;
  const zId = node.activation.type !== "identity" ? `${node.name}.z` : node.name;
  const z = bias ? b.apply("add", [y, b.apply("broadcast", [bias, y], {}, `${node.name}.biasRows`)], {}, zId) : y;
  return applyActivation(b, node.activation, z, node.name);
}

type DepthwiseNode = Extract<NormalizedNode, { kind: "depthwiseConv2d" }>;

/**
 * depthwiseConv2d as tf.layers.depthwiseConv2d: act(depthwise_conv2d(x, depthwiseKernel) + bias), the
 * kernel [kh, kw, inChannels, depthMultiplier], output channel c·depthMultiplier + m; glorotUniform
 * with Keras's fans for that kernel shape: kh·kw·inChannels in, kh·kw·depthMultiplier out.
 */
export function depthwiseConv(ctx: LayerContext, node: DepthwiseNode, x: Value): Value {
  const inChannels = x.shape[3] as number;
  const M = node.depthMultiplier;
  const taps = node.kernelSize.reduce((p, k) => p * k, 1);
  const kernel = ctx.param(node.name, "depthwiseKernel", [...node.kernelSize, inChannels, M], node.depthwiseInitializer, [taps * inChannels, taps * M]);
  const bias = node.useBias ? ctx.param(node.name, "bias", [inChannels * M], node.biasInitializer) : undefined;
  const productId = bias || node.activation.type !== "identity" ? `${node.name}.conv` : node.name;
  const y = ctx.b.apply("depthwise_conv2d", [x, kernel], { strides: node.strides, dilations: node.dilationRate, pads: node.pads }, productId);
  return biasAndActivation(ctx, node, y, bias);
}
