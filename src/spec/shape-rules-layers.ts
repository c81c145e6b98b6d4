// Normalized form, shape and dtype of reductions, matmul and the layers with parameters beyond
// dense: layerNormalization, batchNormalization, dropout, embedding (int32 indices in) and multiHeadAttention.
import { formatShape, quote } from "./issues.ts";
import { NODE_DEFAULTS } from "./schema.ts";
import { describe, fail, field, normalizeAxis, type RuleContext, type RuleTable } from "./shapes.ts";
import type { ReduceOp } from "./types.ts";

const float = "float" as const;

function reduce(ctx: RuleContext<ReduceOp>) {
  const [x] = ctx.operands;
  const spec = ctx.node.spec;
  const given = spec.axes === undefined ? x.shape.map((_, i) => i) : typeof spec.axes === "number" ? [spec.axes] : spec.axes;
  const axes: number[] = [];
  for (const [i, axis] of given.entries()) {
    const path = typeof spec.axes === "object" ? field(ctx, "axes", i) : field(ctx, "axes");
    const a = normalizeAxis(ctx, axis, x, path);
    if (a === undefined) return undefined;
    if (axes.includes(a)) return fail(ctx, path, `axis ${axis} is listed twice (it is axis ${a} of ${describe(x)})`);
    axes.push(a);
  }
  axes.sort((a, b) => a - b);
  const keepDims = spec.keepDims ?? NODE_DEFAULTS.keepDims;
  const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  return { kind: "reduce" as const, op: spec.type, name: ctx.node.name, input: x.name, axes, keepDims, shape, dtype: float };
}

/** As tf.matMul per sample: rank ≥ 2, equal leading dims, [.., m, k] · [.., k, p] after the transposes. */
function matmul(ctx: RuleContext<"matmul">) {
  const [a, b] = ctx.operands;
  const transposeA = ctx.node.spec.transposeA ?? NODE_DEFAULTS.transposeA;
  const transposeB = ctx.node.spec.transposeB ?? NODE_DEFAULTS.transposeB;
  for (const o of [a, b]) {
    if (o.shape.length < 2) {
      return fail(ctx, o.path, `matmul ${quote(ctx.node.name)} needs operands of rank ≥ 2 (per sample), but ${describe(o)} has rank ${o.shape.length}`);
    }
  }
  const lead = (s: number[]) => s.slice(0, -2);
  if (formatShape(lead(a.shape)) !== formatShape(lead(b.shape))) {
    return fail(
      ctx,
      field(ctx, "inputs"),
      `matmul ${quote(ctx.node.name)}: the leading dimensions differ: ${describe(a)} and ${describe(b)} (they must be equal: ${formatShape(lead(a.shape))} vs ${formatShape(lead(b.shape))})`,
    );
  }
  const last2 = (s: number[], t: boolean) => (t ? [s[s.length - 1], s[s.length - 2]] : [s[s.length - 2], s[s.length - 1]]);
  const [m, k] = last2(a.shape, transposeA);
  const [k2, p] = last2(b.shape, transposeB);
  if (k !== k2) {
    const t = (flag: boolean, name: string) => (flag ? `, ${name} true` : "");
    return fail(
      ctx,
      field(ctx, "inputs"),
      `matmul ${quote(ctx.node.name)}: the inner dimensions differ: ${describe(a)} · ${describe(b)} (${k} vs ${k2}${t(transposeA, "transposeA")}${t(transposeB, "transposeB")})`,
    );
  }
  return {
    kind: "matmul" as const,
    name: ctx.node.name,
    inputs: [a.name, b.name] as [string, string],
    transposeA,
    transposeB,
    shape: [...lead(a.shape), m, p],
    dtype: float,
  };
}

interface NormalizationFields {
  axis?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
}

/** What both normalizations normalize: the axis (checked against the input), ε, center, scale, defaults applied. */
function normalization(ctx: RuleContext<"layerNormalization" | "batchNormalization">, spec: NormalizationFields, defaults: Required<NormalizationFields>) {
  const [x] = ctx.operands;
  const axis = normalizeAxis(ctx, spec.axis ?? defaults.axis, x, field(ctx, "axis"));
  if (axis === undefined) return undefined;
  const center = spec.center ?? defaults.center;
  const scale = spec.scale ?? defaults.scale;
  return { name: ctx.node.name, input: x.name, axis, epsilon: spec.epsilon ?? defaults.epsilon, center, scale, shape: [...x.shape], dtype: float };
}

function layerNormalization(ctx: RuleContext<"layerNormalization">) {
  const common = normalization(ctx, ctx.node.spec, NODE_DEFAULTS.layerNormalization);
  return common && { kind: "layerNormalization" as const, ...common };
}

function batchNormalization(ctx: RuleContext<"batchNormalization">) {
  const common = normalization(ctx, ctx.node.spec, NODE_DEFAULTS.batchNormalization);
  return common && { kind: "batchNormalization" as const, ...common, momentum: ctx.node.spec.momentum ?? NODE_DEFAULTS.batchNormalization.momentum };
}

function dropout(ctx: RuleContext<"dropout">) {
  const [x] = ctx.operands;
  return { kind: "dropout" as const, name: ctx.node.name, input: x.name, rate: ctx.node.spec.rate, shape: [...x.shape], dtype: float };
}

function embedding(ctx: RuleContext<"embedding">) {
  const [x] = ctx.operands;
  const spec = ctx.node.spec;
  if (x.dtype !== "int32") {
    return fail(ctx, x.path, `embedding ${quote(ctx.node.name)} needs int32 indices, but ${quote(x.name)} is ${x.dtype} (declare it as { "shape": ${formatShape(x.shape)}, "dtype": "int32" })`);
  }
  return {
    kind: "embedding" as const,
    name: ctx.node.name,
    input: x.name,
    inputDim: spec.inputDim,
    outputDim: spec.outputDim,
    embeddingsInitializer: spec.embeddingsInitializer ?? NODE_DEFAULTS.embeddingsInitializer,
    shape: [...x.shape, spec.outputDim],
    dtype: float,
  };
}

/** query [T, dq] and value [S, dv] per sample (value = query for self-attention); output [T, dq]. */
function multiHeadAttention(ctx: RuleContext<"multiHeadAttention">) {
  const [query, value = query] = ctx.operands;
  const spec = ctx.node.spec;
  for (const o of ctx.operands) {
    if (o.shape.length !== 2) {
      return fail(ctx, o.path, `multiHeadAttention ${quote(ctx.node.name)} needs [sequence, features] values (rank 2 per sample), but ${describe(o)} has rank ${o.shape.length}`);
    }
  }
  const defaults = NODE_DEFAULTS.multiHeadAttention;
  return {
    kind: "multiHeadAttention" as const,
    name: ctx.node.name,
    query: query.name,
    value: value.name,
    numHeads: spec.numHeads,
    keyDim: spec.keyDim,
    causal: spec.causal ?? defaults.causal,
    useBias: spec.useBias ?? defaults.useBias,
    shape: [...query.shape],
    dtype: float,
  };
}

export const LAYER_RULES: RuleTable<ReduceOp | "matmul" | "layerNormalization" | "batchNormalization" | "dropout" | "embedding" | "multiHeadAttention"> = {
  sum: reduce,
  mean: reduce,
  max: reduce,
  matmul,
  layerNormalization,
  batchNormalization,
  dropout,
  embedding,
  multiHeadAttention,
};
