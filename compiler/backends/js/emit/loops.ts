// The loops of fused elementwise groups (reductions and losses: reduction-loop.ts). Each element's
// value is composed by expr.ts; values read from outside the group are loaded once per element
// into x0, x1, …
import type { Node, Shape } from "../../../ir/graph.ts";
import { splitAxis, type LeafRole } from "../../../phases/4-plan/fuse.ts";
import { InternalError } from "../../../errors.ts";
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
  /** Loads of per-row factors: once per row, before its columns. */
  const rowLoads: string[] = [];
  /**
   * Where the loop splits its axes into rows and columns, when some leaf is read per column (a
   * bias: x's trailing axes) or per row (a factor per position: the leading axes).
   */
  let split: number | undefined;
  let temps = 0;
  const leaf = (id: string, role: LeafRole): string => {
    const key = `${role}:${id}`;
    const known = locals.get(key);
    if (known) return known;
    const index = role === "scalar" ? "0" : role === "column" ? "j" : role === "row" ? "r" : "i";
    const at = splitAxis(role, ctx.shapeOf(id), root.shape);
    if (at !== undefined) {
      if (split !== undefined && split !== at) throw new InternalError(`one loop splits rows from columns at axes ${split} and ${at}`);
      split = at;
    }
    if (locals.size >= MAX_LEAF_LOCALS) return `${ctx.varOf(id)}[${index}]!`;
    const name = `x${locals.size}`;
    locals.set(key, name);
    (role === "scalar" ? hoisted : role === "row" ? rowLoads : loads).push(`const ${name} = ${ctx.varOf(id)}[${index}]!;`);
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
  if (split !== undefined) {
    const cols = ctx.size(shape.slice(split));
    loop = `for (let r = 0; r < ${ctx.size(shape.slice(0, split))}; r++) {
  const o = r * ${cols};${rowLoads.map((l) => `\n  ${l}`).join("")}
  for (let j = 0; j < ${cols}; j++) {
    const i = o + j;
    ${inner}
  }
}`;
  } else loop = `for (let i = 0; i < ${ctx.size(shape)}; i++) {\n${inner}\n}`;
  return `{\n${[...hoisted, loop].join("\n")}\n}`;
}
