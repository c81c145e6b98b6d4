import { ShapeError } from "../errors.ts";
import { formatShape, shapesEqual } from "../ir/graph.ts";
import { defineOp, type KernelContext } from "./define.ts";
import { tableRows } from "./gather.ts";

// The adjoint of gather: a zero table shaped like `like` [V, D…], then row i of `updates` added into
// row indices[i] (repeated indices accumulate). `like` only gives the shape.

function scatterAddCode(k: KernelContext): string {
  const [updates, idx] = k.ins;
  const { rows, rowSize } = tableRows(k.inShapes[2], k.inShapes[1], "scatter_add");
  const count = k.size(k.inShapes[1]);
  const zero = `for (let i = 0; i < ${rows * rowSize}; i++) ${k.out}[i] = 0;`;
  if (rowSize === 1) return `${zero}\nfor (let i = 0; i < ${count}; i++) ${k.out}[${idx}[i]!]! += ${updates}[i]!;`;
  return `${zero}
for (let i = 0; i < ${count}; i++) {
  const row = ${idx}[i]! * ${rowSize};
  const o = i * ${rowSize};
  for (let d = 0; d < ${rowSize}; d++) ${k.out}[row + d]! += ${updates}[o + d]!;
}`;
}

/** y = 0 shaped like `like`, then y[indices[i], :] += updates[i, :];  ∂L/∂updates = gather(∂L/∂y, indices) */
export const scatter_add = defineOp({
  name: "scatter_add",
  fusion: "opaque",
  arity: 3,
  attrs: [],
  operands: ["float", "i32", "any"],
  doc: "{out} = 0 shaped like {2}, then {out}[{1}[i], :] += {0}[i, :]",
  rules: ["∂L/∂{0}[i, :] = ∂L/∂{out}[{1}[i], :]", null, null],
  indexRange: ([, indices, like]) => ({ operand: 1, bound: tableRows(like, indices, "scatter_add").rows, what: "rows of {2}" }),
  shape: ([updates, indices, like]) => {
    tableRows(like, indices, "scatter_add");
    const expected = [...indices, ...like.slice(1)];
    if (!shapesEqual(updates, expected)) {
      throw new ShapeError(
        `updates ${formatShape(updates)} do not match indices ${formatShape(indices)} into rows of ${formatShape(like)} (expected ${formatShape(expected)})`,
      );
    }
    return like;
  },
  vjp: ({ b, dy, x: [, indices] }, i) => (i === 0 ? b.apply("gather", [dy, indices]) : null),
  emit: { kind: "kernel", code: scatterAddCode },
});
