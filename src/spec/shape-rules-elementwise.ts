// Normalized form, shape and dtype of the elementwise nodes (activations, unary and binary ops,
// add, scale, constant, softmax) and of dense, which maps the last axis.
import { formatShape, type Issue, type Path, quote } from "./issues.ts";
import { NODE_DEFAULTS, SPEC_DEFAULTS } from "./schema.ts";
import {
  broadcast,
  describe,
  fail,
  field,
  normalizeAxis,
  type RuleContext,
  type RuleTable,
} from "./shapes.ts";
import {
  type Activation,
  ACTIVATION_ALPHA_DEFAULTS,
  type ActivationName,
  BINARY_OPS,
  type ConstantValue,
  type InitializerName,
  type UnaryOp,
} from "./types.ts";

/** The normalized activation; `alpha` may only be given to (and is only filled for) leakyRelu and elu. */
export function activationOf(
  type: ActivationName,
  alpha: number | undefined,
  alphaPath: Path,
  issues: Issue[],
): Activation {
  const fallback = Object.hasOwn(ACTIVATION_ALPHA_DEFAULTS, type) ? ACTIVATION_ALPHA_DEFAULTS[type] : undefined;
  if (fallback === undefined) {
    if (alpha !== undefined) {
      issues.push({ path: alphaPath, detail: `alpha is only allowed with leakyRelu or elu, not with ${quote(type)}` });
    }
    return { type };
  }
  return { type, alpha: alpha ?? fallback };
}

/** He initialization suits relu-like activations (they zero half the inputs); Glorot the rest. */
const HE_ACTIVATIONS: readonly ActivationName[] = ["relu", "leakyRelu", "elu", "gelu", "silu", "swish"];
export function defaultKernelInitializer(activation: ActivationName): InitializerName {
  return HE_ACTIVATIONS.includes(activation) ? "heNormal" : "glorotUniform";
}

const float = "float" as const;

function dense(ctx: RuleContext<"dense">) {
  const { node, operands } = ctx;
  const spec = node.spec;
  const [x] = operands;
  if (x.shape.length === 0) {
    return fail(ctx, x.path, `dense ${quote(node.name)} needs an input of rank ≥ 1 (it maps the last axis), but ${describe(x)} has none`);
  }
  const activationType = spec.activation ?? SPEC_DEFAULTS.activation;
  return {
    kind: "dense" as const,
    name: node.name,
    input: x.name,
    units: spec.units,
    activation: activationOf(activationType, spec.alpha, field(ctx, "alpha"), ctx.issues),
    useBias: spec.useBias ?? SPEC_DEFAULTS.useBias,
    kernelInitializer: spec.kernelInitializer ?? defaultKernelInitializer(activationType),
    biasInitializer: spec.biasInitializer ?? "zeros",
    shape: [...x.shape.slice(0, -1), spec.units],
    dtype: float,
  };
}

function activation(ctx: RuleContext<Exclude<ActivationName, "softmax">>) {
  const [x] = ctx.operands;
  const spec = ctx.node.spec;
  const act = activationOf(spec.type, spec.alpha, field(ctx, "alpha"), ctx.issues);
  return { kind: "activation" as const, name: ctx.node.name, input: x.name, activation: act, shape: [...x.shape], dtype: float };
}

/** A softmax over the last axis stays an activation (as today); any other axis, and logSoftmax, is kind "softmax". */
function softmax(ctx: RuleContext<"softmax" | "logSoftmax">) {
  const [x] = ctx.operands;
  const spec = ctx.node.spec;
  const axis = normalizeAxis(ctx, spec.axis ?? NODE_DEFAULTS.axis, x, field(ctx, "axis"));
  if (axis === undefined) return undefined;
  const common = { name: ctx.node.name, input: x.name, shape: [...x.shape], dtype: float };
  if (spec.type === "softmax" && axis === x.shape.length - 1) {
    return { kind: "activation" as const, ...common, activation: { type: "softmax" as const } };
  }
  return { kind: "softmax" as const, ...common, axis, log: spec.type === "logSoftmax" };
}

function unary(ctx: RuleContext<UnaryOp>) {
  const [x] = ctx.operands;
  return { kind: "unary" as const, op: ctx.node.spec.type, name: ctx.node.name, input: x.name, shape: [...x.shape], dtype: float };
}

function scale(ctx: RuleContext<"scale">) {
  const [x] = ctx.operands;
  return { kind: "scale" as const, name: ctx.node.name, input: x.name, factor: ctx.node.spec.factor, shape: [...x.shape], dtype: float };
}

function add(ctx: RuleContext<"add">) {
  const shape = broadcast(ctx, "add", ctx.operands);
  if (shape === undefined) return undefined;
  return { kind: "add" as const, name: ctx.node.name, inputs: ctx.operands.map((o) => o.name), shape, dtype: float };
}

function binary(ctx: RuleContext<(typeof BINARY_OPS)[number]>) {
  const op = ctx.node.spec.type;
  const shape = broadcast(ctx, op, ctx.operands);
  if (shape === undefined) return undefined;
  const [a, b] = ctx.operands;
  return { kind: "binary" as const, op, name: ctx.node.name, inputs: [a.name, b.name] as [string, string], shape, dtype: float };
}

function constant(ctx: RuleContext<"constant">) {
  const values: number[] = [];
  const shape = constantShape(ctx.node.spec.value, field(ctx, "value"), values, ctx.issues);
  if (shape === undefined) return undefined;
  return { kind: "constant" as const, name: ctx.node.name, values, shape, dtype: float };
}

/** The shape of a nested array (row-major values appended to `out`); it must be rectangular and non-empty. */
function constantShape(value: ConstantValue, path: Path, out: number[], issues: Issue[]): number[] | undefined {
  if (typeof value === "number") {
    out.push(value);
    return [];
  }
  if (value.length === 0) {
    issues.push({ path, detail: `expected a number or a non-empty array, got []` });
    return undefined;
  }
  let first: number[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const shape = constantShape(value[i], [...path, i], out, issues);
    if (shape === undefined) return undefined;
    if (first === undefined) first = shape;
    else if (formatShape(shape) !== formatShape(first)) {
      issues.push({
        path: [...path, i],
        detail: `the value is not rectangular: this entry has shape ${formatShape(shape)}, entry 0 has ${formatShape(first)}`,
      });
      return undefined;
    }
  }
  return [value.length, ...(first ?? [])];
}

export const ELEMENTWISE_RULES = {
  dense,
  add,
  ...Object.fromEntries(
    (["identity", "relu", "leakyRelu", "elu", "sigmoid", "tanh", "softplus", "gelu", "silu", "swish"] as const).map(
      (a) => [a, activation],
    ),
  ),
  softmax,
  logSoftmax: softmax,
  ...Object.fromEntries((["exp", "log", "sqrt", "square", "abs", "neg"] as const).map((u) => [u, unary])),
  ...Object.fromEntries(BINARY_OPS.map((op) => [op, binary])),
  scale,
  constant,
} as RuleTable<
  | "dense"
  | "add"
  | Exclude<ActivationName, "softmax">
  | "softmax"
  | "logSoftmax"
  | UnaryOp
  | (typeof BINARY_OPS)[number]
  | "scale"
  | "constant"
>;
