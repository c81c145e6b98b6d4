// The loops of fused elementwise groups (reductions and losses: reduction-loop.ts). Each element's
// value is composed by expr.ts; values read from outside the group are loaded once per element
// into x0, x1, …
import { formatShape, shapesEqual, type Node, type Shape } from "../../ir/graph.ts";
import type { LeafRole } from "../4-plan/fuse.ts";
import { InternalError } from "../../errors.ts";
import { elementCode } from "./expr.ts";
import { MAX_LEAF_LOCALS } from "./locals.ts";

export interface LoopContext {
  varOf(id: string): string;
  shapeOf(id: string): Shape;
  helpers: Map<string, string>;
  dim(d: number | "n"): string;
  size(shape: Shape): string;
  /** An expression in its final form (blocks.ts finalExpr). */
  expr(code: string): string;
}

/** One loop writing the root of `tail` (element `i`). */
export function elementwiseLoop(tail: readonly Node[], ctx: LoopContext): string {
  const root = tail[tail.length - 1];
  const locals = new Map<string, string>();
  const hoisted: string[] = [];
  const loads: string[] = [];
  /** The shape of the values read per column (a bias: x's trailing axes), when some leaf is. */
  let columns: Shape | undefined;
  let temps = 0;
  const leaf = (id: string, role: LeafRole): string => {
    const key = `${role}:${id}`;
    const known = locals.get(key);
    if (known) return known;
    const index = role === "scalar" ? "0" : role === "column" ? "j" : "i";
    if (role === "column") {
      const shape = ctx.shapeOf(id);
      if (columns && !shapesEqual(columns, shape)) throw new InternalError(`one loop reads columns of shapes ${formatShape(columns)} and ${formatShape(shape)}`);
      columns = shape;
    }
    if (locals.size >= MAX_LEAF_LOCALS) return `${ctx.varOf(id)}[${index}]!`;
    const name = `x${locals.size}`;
    locals.set(key, name);
    (role === "scalar" ? hoisted : loads).push(`const ${name} = ${ctx.varOf(id)}[${index}]!;`);
    return name;
  };
  const code = elementCode(tail, ctx.shapeOf, {
    leaf,
    temp: () => `v${temps++}`,
    helper: (name, text) => ctx.helpers.set(name, text),
  });
  const store = `${ctx.varOf(root.id)}[i] = ${ctx.expr(code.expr)};`;
  const inner = [...loads, ...code.temps.map((t) => `const ${t.name} = ${ctx.expr(t.code)};`), store].join("\n");
  const shape = root.shape;
  let loop: string;
  if (columns) {
    const cols = ctx.size(columns);
    loop = `for (let r = 0; r < ${ctx.size(shape.slice(0, shape.length - columns.length))}; r++) {
  const o = r * ${cols};
  for (let j = 0; j < ${cols}; j++) {
    const i = o + j;
    ${inner}
  }
}`;
  } else loop = `for (let i = 0; i < ${ctx.size(shape)}; i++) {\n${inner}\n}`;
  return `{\n${[...hoisted, loop].join("\n")}\n}`;
}
