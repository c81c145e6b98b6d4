// Elementwise ops between values of different shapes, numpy style: the IR's elementwise ops take
// equal shapes, so an operand that must grow is expanded by an explicit `broadcast` first.
import type { GraphBuilder } from "../ir/builder.ts";
import { formatShape, shapesEqual, type Shape, type Value } from "../ir/graph.ts";
import type { OpName } from "../ops/index.ts";
import { ShapeError } from "../errors.ts";

/** The numpy broadcast of two IR shapes (right-aligned; 1 stretches; "n" only meets "n" or 1/absent). */
export function broadcastShapes(a: Shape, b: Shape): Shape | undefined {
  const rank = Math.max(a.length, b.length);
  const out: (number | "n")[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else return undefined;
  }
  return out;
}

/** `x` expanded to the shape it has when combined with `other` (itself when it already has it). */
export function expand(b: GraphBuilder, x: Value, other: Value): Value {
  const shape = broadcastShapes(x.shape, other.shape);
  if (!shape) throw new ShapeError(`shapes ${formatShape(x.shape)} and ${formatShape(other.shape)} do not broadcast`);
  return shapesEqual(shape, x.shape) ? x : b.apply("broadcast", [x, other]);
}

/** op(x, y) with numpy broadcasting; `id` names the result. */
export function binary(b: GraphBuilder, op: OpName, x: Value, y: Value, id?: string): Value {
  return b.apply(op, [expand(b, x, y), expand(b, y, x)], {}, id);
}
