// Normalized form and shape of the pooling layers (as tf.layers, channels last): maxPooling2d /
// averagePooling2d on [height, width, channels], maxPooling1d / averagePooling1d on [steps, channels]
// (poolSize default 2, strides default poolSize, "same" resolved to explicit pads by the compiler's
// padsOf, so spec and lowering agree), and the global poolings, which are `reduce` nodes (mean / max
// over the spatial axes: [h, w, c] or [steps, c] → [c]). Every window that reads no input is refused.
import { outputSizeOf, padsOf } from "../../compiler/layers/conv.ts";
import { formatShape, quote } from "./issues.ts";
import { perAxis } from "./shape-rules-conv.ts";
import { describe, fail, field, type RuleContext, type RuleTable } from "./shapes.ts";

type PoolType = "maxPooling2d" | "averagePooling2d" | "maxPooling1d" | "averagePooling1d";
type GlobalType = "globalAveragePooling2d" | "globalMaxPooling2d" | "globalAveragePooling1d" | "globalMaxPooling1d";

const SPATIAL2D = ["height", "width"] as const;
const SPATIAL1D = ["steps"] as const;
const is2d = (type: string) => type.endsWith("2d");
const layoutOf = (type: string) => (is2d(type) ? "[height, width, channels]" : "[steps, channels]");

/** The input's rank is its spatial rank + 1 (channels), or an issue at the input naming its shape. */
function hasRank(ctx: RuleContext<PoolType | GlobalType>, rank: number): boolean {
  const { node, operands } = ctx;
  const [x] = operands;
  if (x!.shape.length === rank + 1) return true;
  const type = node.spec.type;
  fail(ctx, x!.path, `${type} ${quote(node.name)} needs a ${layoutOf(type)} input (rank ${rank + 1} per sample), but ${describe(x!)} has rank ${x!.shape.length}`);
  return false;
}

function pooling(ctx: RuleContext<PoolType>) {
  const { node, operands } = ctx;
  const spec = node.spec;
  const [x] = operands;
  const axes = is2d(spec.type) ? SPATIAL2D : SPATIAL1D;
  const rank = axes.length;
  if (!hasRank(ctx, rank)) return undefined;
  const poolSize = perAxis(spec.poolSize, rank, 2);
  const strides = spec.strides === undefined ? poolSize : perAxis(spec.strides, rank);
  const padding = spec.padding ?? "valid";
  const pads: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const a = { input: x!.shape[i]!, kernel: poolSize[i]!, stride: strides[i]!, dilation: 1 };
    const p = padsOf(a, padding);
    const size = outputSizeOf(a, p);
    if (size < 1) {
      return fail(
        ctx,
        spec.poolSize === undefined ? node.path : field(ctx, "poolSize"),
        `${spec.type} ${quote(node.name)}: the pool's ${axes[i]} ${a.kernel} exceeds the ${padding === "valid" ? "input's" : "padded input's"} ${a.input + p[0] + p[1]} (${describe(x!)}, padding ${quote(padding)}): the output ${axes[i]} would be ${size} < 1 (poolSize ${formatShape(poolSize)}${spec.poolSize === undefined ? ", the default" : ""})`,
      );
    }
    pads.push(...p);
    out.push(size);
  }
  return {
    kind: spec.type,
    name: node.name,
    input: x!.name,
    poolSize,
    strides,
    padding,
    pads,
    shape: [...out, x!.shape[rank]!],
    dtype: "float" as const,
  };
}

/** Global pooling: a mean or max over every spatial axis, as a `reduce` node. */
function globalPooling(ctx: RuleContext<GlobalType>) {
  const { node, operands } = ctx;
  const [x] = operands;
  const rank = is2d(node.spec.type) ? 2 : 1;
  if (!hasRank(ctx, rank)) return undefined;
  return {
    kind: "reduce" as const,
    op: node.spec.type.startsWith("globalMax") ? ("max" as const) : ("mean" as const),
    name: node.name,
    input: x!.name,
    axes: rank === 2 ? [0, 1] : [0],
    keepDims: false,
    shape: [x!.shape[rank]!],
    dtype: "float" as const,
  };
}

export const POOL_RULES: RuleTable<PoolType | GlobalType> = {
  maxPooling2d: pooling,
  averagePooling2d: pooling,
  maxPooling1d: pooling,
  averagePooling1d: pooling,
  globalAveragePooling2d: globalPooling,
  globalMaxPooling2d: globalPooling,
  globalAveragePooling1d: globalPooling,
  globalMaxPooling1d: globalPooling,
};
