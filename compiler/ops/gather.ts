import { ShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../ir/graph.ts";
import { defineOp, type KernelContext } from "./define.ts";

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

/** out[i, :] = table[idx[i], :], a row copy per index (a single read when rows hold one value). */
function gatherCode(k: KernelContext): string {
  const [table, idx] = k.ins;
  const { rowSize } = tableRows(k.inShapes[0], k.inShapes[1], "gather");
  const count = k.size(k.inShapes[1]);
  if (rowSize === 1) return `for (let i = 0; i < ${count}; i++) ${k.out}[i] = ${table}[${idx}[i]!]!;`;
  return `for (let i = 0; i < ${count}; i++) {
  const row = ${idx}[i]! * ${rowSize};
  const o = i * ${rowSize};
  for (let d = 0; d < ${rowSize}; d++) {
    ${k.out}[o + d] = ${table}[row + d]!;
  }
}`;
}

/** y[i, :] = table[indices[i], :];  ∂L/∂table = scatter_add(∂L/∂y, indices): row i of ∂L/∂y added into row indices[i] */
export const gather = defineOp({
  name: "gather",
  fusion: "movement",
  arity: 2,
  attrs: [],
  operands: ["float", "i32"],
  doc: "{out}[i, :] = {0}[{1}[i], :]",
  rules: ["∂L/∂{0}[r, :] = Σ_{i: {1}[i] = r} ∂L/∂{out}[i, :]", null],
  indexRange: ([table, indices]) => ({ operand: 1, bound: tableRows(table, indices, "gather").rows, what: "rows of {0}" }),
  shape: ([table, indices]) => (tableRows(table, indices, "gather"), [...indices, ...table.slice(1)]),
  vjp: ({ b, dy, x: [table, indices] }, i) => (i === 0 ? b.apply("scatter_add", [dy, indices, table]) : null),
  emit: { kind: "kernel", code: gatherCode },
});
