// Elementwise ops between values of different shapes, numpy style over per-sample shapes (the batch
// axis n always lines up with n): the IR's elementwise ops take equal shapes, so an operand that
// must grow gets 1s inserted after n (a reshape, free: a view) and an explicit `broadcast`.
import type { GraphBuilder } from "../ir/builder.ts";
import { formatShape, shapesEqual, type Shape, type Value } from "../ir/graph.ts";
import type { OpName } from "../ops/index.ts";
import { ShapeError } from "../errors.ts";
import { isBatched, perSample } from "./context.ts";

/** The numpy broadcast of two per-sample shapes (right-aligned; a 1 or a missing axis stretches). */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The IR shape of x combined with y: the per-sample broadcast, after n when either is batched. */
function jointShape(x: Value, y: Value): Shape {
  const joint = broadcastShapes(perSample(x), perSample(y));
  if (!joint) throw new ShapeError(`shapes ${formatShape(perSample(x))} and ${formatShape(perSample(y))} do not broadcast`);
  return isBatched(x) || isBatched(y) ? ["n", ...joint] : joint;
}

/** A batched value with 1s inserted after n up to `rank` per-sample axes (so numpy's right alignment keeps n first). */
function withRank(b: GraphBuilder, x: Value, rank: number): Value {
  const own = perSample(x);
  if (!isBatched(x) || own.length >= rank) return x;
  return b.apply("reshape", [x], { shape: [...Array<number>(rank - own.length).fill(1), ...own] });
}

/** `x` expanded to the shape it has when combined with `other` (itself when it already has it). */
export function expand(b: GraphBuilder, x: Value, other: Value): Value {
  const shape = jointShape(x, other);
  if (shapesEqual(shape, x.shape)) return x;
  const rank = shape.length - (shape[0] === "n" ? 1 : 0);
  return b.apply("broadcast", [withRank(b, x, rank), withRank(b, other, rank)]);
}

/** op(x, y) with numpy broadcasting; `id` names the result. */
export function binary(b: GraphBuilder, op: OpName, x: Value, y: Value, id?: string): Value {
  return b.apply(op, [expand(b, x, y), expand(b, y, x)], {}, id);
}

/**
 * A vector v of x's size at IR axis `axis` (a normalization's γ, β or statistics), shaped so that
 * numpy broadcasting lines it up with that axis: the axes after it get size 1 (a view).
 */
export function alignedAt(b: GraphBuilder, v: Value, x: Value, axis: number): Value {
  const trailing = x.shape.length - 1 - axis;
  return trailing === 0 ? v : b.apply("reshape", [v], { shape: [x.shape[axis] as number, ...Array<number>(trailing).fill(1)] });
}
