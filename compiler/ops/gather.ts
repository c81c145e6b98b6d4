import { ShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../ir/graph.ts";
import { defineOp, copy } from "./define.ts";

// Row lookup: y[i…, :] = table[indices[i…], :] for a table [V, D…] and i32 indices of any shape (an
// embedding). Its adjoint scatter_add sums ∂L/∂y's rows back into the rows they were read from.

/** The table's row count V and the row size D (the product of its other dimensions). */
export function tableRows(table: Shape, indices: Shape, op: string): { rows: number; rowSize: number } {
  const [rows, ...rest] = table;
  if (typeof rows !== "number" || rest.includes("n")) {
    throw new ShapeError(`${op} needs a table [V, D…] without the batch dimension, got ${formatShape(table)} (indices ${formatShape(indices)})`);
  }
  return { rows, rowSize: rest.reduce<number>((a, d) => a * (d as number), 1) };
}

/** y[i, :] = table[indices[i], :];  ∂L/∂table = scatter_add(∂L/∂y, indices): row i of ∂L/∂y added into row indices[i] */
export const gather = defineOp({
  name: "gather",
  fusion: "movement",
  cost: copy,
  arity: 2,
  attrs: [],
  operands: ["float", "i32"],
  doc: "{out}[i, :] = {0}[{1}[i], :]",
  rules: ["∂L/∂{0}[r, :] = Σ_{i: {1}[i] = r} ∂L/∂{out}[i, :]", null],
  indexRange: ([table, indices]) => ({ operand: 1, bound: tableRows(table, indices, "gather").rows, what: "rows of {0}" }),
  shape: ([table, indices]) => (tableRows(table, indices, "gather"), [...indices, ...table.slice(1)]),
  vjp: ({ b, dy, x: [table, indices] }, i) => (i === 0 ? b.apply("scatter_add", [dy, indices, table]) : null),
});
