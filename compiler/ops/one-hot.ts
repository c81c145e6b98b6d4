import { ShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../ir/graph.ts";
import { defineOp, num, type KernelContext } from "./define.ts";

/** The depth attribute, checked: a positive integer. */
function depthOf(depth: number, indices: Shape): number {
  if (!(Number.isInteger(depth) && depth >= 1)) {
    throw new ShapeError(`one_hot depth must be a positive integer, got ${depth} (indices ${formatShape(indices)})`);
  }
  return depth;
}

/** Zero everywhere, then a 1 at each index's position in its row of `depth`. */
function oneHotCode(k: KernelContext): string {
  const [idx] = k.ins;
  const depth = num(k.attrs, "depth");
  const count = k.size(k.inShapes[0]);
  const total = k.size(k.outShape);
  return `for (let i = 0; i < ${total}; i++) ${k.out}[i] = 0;
for (let i = 0; i < ${count}; i++) ${k.out}[i * ${depth} + ${idx}[i]!] = 1;`;
}

/** y[i, c] = 1 if indices[i] = c else 0, c in [0, depth); indices are data: no gradient */
export const one_hot = defineOp({
  name: "one_hot",
  fusion: "opaque",
  arity: 1,
  attrs: ["depth"],
  operands: ["i32"],
  doc: "{out}[i, c] = [{0}[i] = c], c < depth",
  rules: [null],
  indexRange: ([indices], attrs) => ({ operand: 0, bound: depthOf(num(attrs, "depth"), indices), what: "depth of {out}" }),
  shape: ([indices], attrs) => [...indices, depthOf(num(attrs, "depth"), indices)],
  vjp: () => null,
  emit: { kind: "kernel", code: oneHotCode },
});
