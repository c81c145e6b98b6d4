// Normalized form, shape and dtype of the movement nodes: reshape, flatten, transpose, concat and
// slice. They keep their operand's dtype (int32 indices may be moved like floats).
import { formatShape, quote } from "./issues.ts";
import { NODE_DEFAULTS } from "./schema.ts";
import { describe, fail, field, normalizeAxis, type RuleContext, type RuleTable, sizeOf } from "./shapes.ts";

function reshape(ctx: RuleContext<"reshape">) {
  const [x] = ctx.operands;
  const target = ctx.node.spec.shape;
  const path = field(ctx, "shape");
  const free = target.filter((d) => d === -1).length;
  if (free > 1) return fail(ctx, path, `at most one dimension may be -1, got ${formatShape(target)}`);
  const known = sizeOf(target.filter((d) => d !== -1));
  const size = sizeOf(x.shape);
  const inferred = free === 1 && known > 0 && size % known === 0 ? size / known : undefined;
  const shape = target.map((d) => (d === -1 ? (inferred ?? -1) : d));
  if ((free === 1 && inferred === undefined) || sizeOf(shape) !== size) {
    return fail(
      ctx,
      path,
      `cannot reshape ${describe(x)} (${size} elements) to ${formatShape(target)}${free === 1 ? ` (${size} is not a multiple of ${known})` : ` (${known} elements)`}`,
    );
  }
  return { kind: "reshape" as const, name: ctx.node.name, input: x.name, shape, dtype: x.dtype };
}

function flatten(ctx: RuleContext<"flatten">) {
  const [x] = ctx.operands;
  return { kind: "reshape" as const, name: ctx.node.name, input: x.name, shape: [sizeOf(x.shape)], dtype: x.dtype };
}

function transpose(ctx: RuleContext<"transpose">) {
  const [x] = ctx.operands;
  const rank = x.shape.length;
  const given = ctx.node.spec.perm;
  const path = field(ctx, "perm");
  const perm = given === undefined ? x.shape.map((_, i) => rank - 1 - i) : given.map((a) => (a < 0 ? a + rank : a));
  const isPermutation =
    perm.length === rank && perm.every((a) => a >= 0 && a < rank) && new Set(perm).size === rank;
  if (!isPermutation) {
    const expected = rank === 0 ? "[] (it has no axes)" : `each of 0..${rank - 1} once`;
    return fail(ctx, path, `${formatShape(given ?? [])} is not a permutation of the axes of ${describe(x)} (expected ${expected})`);
  }
  return {
    kind: "transpose" as const,
    name: ctx.node.name,
    input: x.name,
    perm,
    shape: perm.map((a) => x.shape[a]),
    dtype: x.dtype,
  };
}

function concat(ctx: RuleContext<"concat">) {
  const [first, ...rest] = ctx.operands;
  const axis = normalizeAxis(ctx, ctx.node.spec.axis ?? NODE_DEFAULTS.axis, first, field(ctx, "axis"));
  if (axis === undefined) return undefined;
  for (const other of rest) {
    if (other.dtype !== first.dtype) {
      return fail(ctx, other.path, `concat ${quote(ctx.node.name)} needs inputs of one dtype, but ${quote(first.name)} is ${first.dtype} and ${quote(other.name)} is ${other.dtype}`);
    }
    const agrees =
      other.shape.length === first.shape.length && other.shape.every((d, i) => i === axis || d === first.shape[i]);
    if (!agrees) {
      return fail(
        ctx,
        field(ctx, "inputs"),
        `cannot concat ${describe(first)} and ${describe(other)} along axis ${axis}: every other dimension must be equal`,
      );
    }
  }
  const shape = [...first.shape];
  shape[axis] = ctx.operands.reduce((n, o) => n + o.shape[axis], 0);
  return { kind: "concat" as const, name: ctx.node.name, inputs: ctx.operands.map((o) => o.name), axis, shape, dtype: first.dtype };
}

function slice(ctx: RuleContext<"slice">) {
  const [x] = ctx.operands;
  const { begin, size } = ctx.node.spec;
  const rank = x.shape.length;
  for (const [key, list] of [["begin", begin], ["size", size]] as const) {
    if (list.length !== rank) {
      return fail(ctx, field(ctx, key), `expected ${rank} entries (one per axis of ${describe(x)}), got ${formatShape(list)}`);
    }
  }
  const resolved: number[] = [];
  for (let i = 0; i < rank; i++) {
    const dim = x.shape[i];
    if (begin[i] >= dim) {
      return fail(ctx, field(ctx, "begin", i), `begin ${begin[i]} is past the end of axis ${i} of ${describe(x)}`);
    }
    const n = size[i] === -1 ? dim - begin[i] : size[i];
    if (begin[i] + n > dim) {
      return fail(
        ctx,
        field(ctx, "size", i),
        `begin ${begin[i]} + size ${n} = ${begin[i] + n} runs past the end of axis ${i} of ${describe(x)} (size ${dim})`,
      );
    }
    resolved.push(n);
  }
  return { kind: "slice" as const, name: ctx.node.name, input: x.name, begin: [...begin], size: resolved, shape: [...resolved], dtype: x.dtype };
}

export const MOVEMENT_RULES: RuleTable<"reshape" | "flatten" | "transpose" | "concat" | "slice"> = {
  reshape,
  flatten,
  transpose,
  concat,
  slice,
};
