// Normalized form and shape of the convolution layers conv2d and depthwiseConv2d ([height, width,
// channels] per sample) and conv1d ([steps, channels]): sizes as lists per spatial axis, "same" resolved to explicit pads
// (by the compiler's padsOf, so spec and lowering agree), and every window that reads no input refused.
import { outputSizeOf, padsOf } from "../../compiler/layers/conv.ts";
import { formatShape, quote } from "./issues.ts";
import { SPEC_DEFAULTS } from "./schema.ts";
import { activationOf } from "./shape-rules-elementwise.ts";
import { describe, fail, field, type RuleContext, type RuleTable } from "./shapes.ts";

const SPATIAL = { conv2d: ["height", "width"], conv1d: ["steps"], depthwiseConv2d: ["height", "width"] } as const;

/** A size given as n or a list: one entry per spatial axis (`fallback` on each when absent). */
export const perAxis = (v: number | number[] | undefined, rank: number, fallback = 1): number[] =>
  v === undefined ? Array<number>(rank).fill(fallback) : typeof v === "number" ? Array<number>(rank).fill(v) : [...v];

type ConvType = keyof typeof SPATIAL;

/**
 * The spatial part every convolution layer shares: the input's rank, and per spatial axis the sizes
 * (n or a list), the pads ("same" resolved) and the output size, a window reading no input refused.
 */
function spatial(ctx: RuleContext<ConvType>) {
  const { node, operands } = ctx;
  const spec = node.spec;
  const [x] = operands;
  const axes = SPATIAL[spec.type];
  const rank = axes.length;
  const layout = rank === 2 ? "[height, width, channels]" : "[steps, channels]";
  if (x.shape.length !== rank + 1) {
    return fail(ctx, x.path, `${spec.type} ${quote(node.name)} needs a ${layout} input (rank ${rank + 1} per sample), but ${describe(x)} has rank ${x.shape.length}`);
  }
  const kernelSize = perAxis(spec.kernelSize, rank);
  const strides = perAxis(spec.strides, rank);
  const dilationRate = perAxis(spec.dilationRate, rank);
  const padding = spec.padding ?? "valid";
  const pads: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const a = { input: x.shape[i]!, kernel: kernelSize[i]!, stride: strides[i]!, dilation: dilationRate[i]! };
    const p = padsOf(a, padding);
    const size = outputSizeOf(a, p);
    if (size < 1) {
      const extent = (a.kernel - 1) * a.dilation + 1;
      return fail(
        ctx,
        field(ctx, "kernelSize"),
        `${spec.type} ${quote(node.name)}: the kernel's ${axes[i]} extent ${extent} (${a.kernel} taps, dilation ${a.dilation}) exceeds the ${padding === "valid" ? "input's" : "padded input's"} ${a.input + p[0] + p[1]} (${describe(x)}, padding ${quote(padding)}): the output ${axes[i]} would be ${size} < 1 (kernelSize ${formatShape(kernelSize)})`,
      );
    }
    pads.push(...p);
    out.push(size);
  }
  const activationType = spec.activation ?? SPEC_DEFAULTS.activation;
  const common = {
    name: node.name,
    input: x.name,
    kernelSize,
    strides,
    dilationRate,
    padding,
    pads,
    activation: activationOf(activationType, spec.alpha, field(ctx, "alpha"), ctx.issues),
    useBias: spec.useBias ?? SPEC_DEFAULTS.useBias,
    biasInitializer: spec.biasInitializer ?? "zeros",
    dtype: "float" as const,
  };
  return { common, out, channels: x.shape[rank]! };
}

function conv(ctx: RuleContext<"conv2d" | "conv1d">) {
  const s = spatial(ctx);
  if (s === undefined) return undefined;
  const spec = ctx.node.spec;
  return { kind: spec.type, ...s.common, filters: spec.filters, kernelInitializer: spec.kernelInitializer ?? "glorotUniform", shape: [...s.out, spec.filters] };
}

/** depthwiseConv2d: the output has channels · depthMultiplier channels (channel c·M + m). */
function depthwise(ctx: RuleContext<"depthwiseConv2d">) {
  const s = spatial(ctx);
  if (s === undefined) return undefined;
  const spec = ctx.node.spec;
  const depthMultiplier = spec.depthMultiplier ?? 1;
  return { kind: spec.type, ...s.common, depthMultiplier, depthwiseInitializer: spec.depthwiseInitializer ?? "glorotUniform", shape: [...s.out, s.channels * depthMultiplier] };
}

export const CONV_RULES: RuleTable<ConvType> = { conv2d: conv, conv1d: conv, depthwiseConv2d: depthwise };
