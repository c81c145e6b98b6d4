// The loops of fused elementwise groups and of fused loss groups (the loss, its gradient and the
// gradient's elementwise tail in one pass). Each element's value is composed by expr.ts; values
// read from outside the group are loaded once per element into x0, x1, …
import { formatShape, shapesEqual, type Node, type Shape } from "../../ir/graph.ts";
import type { Group, LeafRole } from "../4-plan/fuse.ts";
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

interface Body {
  /** Statements before the loop. */
  before: string[];
  /** Statements at the start of each element (`i` is its index, `j` its column in row loops). */
  element: string[];
  /** Statements after the loop. */
  after: string[];
}

/**
 * One loop writing the root of `tail` (element `i`). `given` names nodes whose value an element
 * statement already computed (a loss gradient `g`). `oneRow`: only the columns of the row that
 * starts at `o` (inside a loop over rows the caller writes).
 */
export function elementwiseLoop(
  tail: readonly Node[],
  ctx: LoopContext,
  body: Body = { before: [], element: [], after: [] },
  given: ReadonlyMap<string, string> = new Map(),
  oneRow = false,
): string {
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
    given,
    temp: () => `v${temps++}`,
    helper: (name, text) => ctx.helpers.set(name, text),
  });
  const store = `${ctx.varOf(root.id)}[i] = ${ctx.expr(code.expr)};`;
  const inner = [...body.element, ...loads, ...code.temps.map((t) => `const ${t.name} = ${ctx.expr(t.code)};`), store].join("\n");
  const shape = root.shape;
  let loop: string;
  if (oneRow) {
    loop = `for (let j = 0; j < ${ctx.dim(shape[shape.length - 1])}; j++) {\nconst i = o + j;\n${inner}\n}`;
  } else if (columns) {
    const cols = ctx.size(columns);
    loop = `for (let r = 0; r < ${ctx.size(shape.slice(0, shape.length - columns.length))}; r++) {
  const o = r * ${cols};
  for (let j = 0; j < ${cols}; j++) {
    const i = o + j;
    ${inner}
  }
}`;
  } else loop = `for (let i = 0; i < ${ctx.size(shape)}; i++) {\n${inner}\n}`;
  return `{\n${[...body.before, ...hoisted, loop, ...body.after].join("\n")}\n}`;
}

/** A loss group: the loss reduction and its gradient (then the tail) in one pass. */
export function lossLoop(group: Group, ctx: LoopContext): string {
  const loss = group.loss!;
  const grad = group.head!;
  const out = ctx.varOf(loss.id);
  const tail = group.tail.length > 0 ? group.tail : [grad];
  const given = new Map([[grad.id, "g"]]);
  const [a, y] = grad.inputs.map((id) => ctx.varOf(id));
  const [z] = loss.inputs.map((id) => ctx.varOf(id));
  const shape = ctx.shapeOf(loss.inputs[0]);
  const size = ctx.size(shape);
  const mean = (total: string) => `${out}[0] = ${ctx.expr(`${total} / (${size})`)};`;
  switch (loss.op) {
    case "mse":
      // mean((p − t)²) and its gradient 2·(p − t)/N share the difference
      return elementwiseLoop(tail, ctx, {
        before: [`const scale = ${ctx.expr(`2 / (${size})`)};`, "let sum = 0;"],
        element: [`const d = ${a}[i]! - ${y}[i]!;`, "sum += d * d;", "const g = scale * d;"],
        after: [mean("sum")],
      }, given);
    case "mae":
      // mean(|p − t|) and its gradient sign(p − t)/N share the difference
      return elementwiseLoop(tail, ctx, {
        before: [`const inv = ${ctx.expr(`1 / (${size})`)};`, "let sum = 0;"],
        element: [`const d = ${a}[i]! - ${y}[i]!;`, "sum += Math.abs(d);", "const g = Math.sign(d) * inv;"],
        after: [mean("sum")],
      }, given);
    case "huber":
      // mean(½q² + δ(|d| − q)), q = min(|d|, δ), and its gradient clip(d, −δ, δ)/N
      return elementwiseLoop(tail, ctx, {
        before: [`const delta = ${ctx.expr(String(loss.attrs.delta))};`, `const inv = ${ctx.expr(`1 / (${size})`)};`, "let sum = 0;"],
        element: [
          `const d = ${a}[i]! - ${y}[i]!;`,
          "const q = Math.min(Math.abs(d), delta);",
          "sum += 0.5 * q * q + delta * (Math.abs(d) - q);",
          "const g = Math.max(-delta, Math.min(delta, d)) * inv;",
        ],
        after: [mean("sum")],
      }, given);
    case "sigmoid_xent":
      // mean(max(z, 0) − z·y + log(1 + e^−|z|)) and its gradient (σ(z) − y)/N, σ(z) already computed
      return elementwiseLoop(tail, ctx, {
        before: [`const inv = ${ctx.expr(`1 / (${size})`)};`, "let sum = 0;"],
        element: [
          `const v = ${z}[i]!;`,
          `const t = ${y}[i]!;`,
          "sum += (v > 0 ? v : 0) - v * t + Math.log1p(Math.exp(-Math.abs(v)));",
          `const g = (${a}[i]! - t) * inv;`,
        ],
        after: [mean("sum")],
      }, given);
    case "softmax_xent":
      return softmaxLossLoop(tail, ctx, { z, p: a, y, out, shape }, given);
    default:
      throw new InternalError(`no fused loop for the loss ${loss.op}`);
  }
}

/**
 * Softmax cross-entropy with its gradient, row by row. log Σⱼ exp zⱼ is read off the softmax
 * output the forward pass already holds: at m = argmax z, p_m = 1 / Σⱼ exp(zⱼ − z_m), so
 * lse = z_m − log p_m (p_m ≥ 1/cols: never 0), one log per row instead of an exp per element.
 */
function softmaxLossLoop(
  tail: readonly Node[],
  ctx: LoopContext,
  v: { z: string; p: string; y: string; out: string; shape: Shape },
  given: ReadonlyMap<string, string>,
): string {
  const cols = ctx.dim(v.shape[v.shape.length - 1]);
  const rows = ctx.size(v.shape.slice(0, -1));
  const gradient = { before: [], element: [`const g = (${v.p}[i]! * sumY - ${v.y}[i]!) * inv;`], after: [] };
  const rowLoop = elementwiseLoop(tail, ctx, gradient, given, true);
  return `{
const inv = ${ctx.expr(`1 / (${rows})`)};
let total = 0;
for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  // log Σⱼ exp zⱼ = z[m] − log p[m] at m = argmax z, p the softmax output: no exp here
  let m = o;
  for (let j = 1; j < ${cols}; j++) if (${v.z}[o + j]! > ${v.z}[m]!) m = o + j;
  let sumY = 0;
  let sumYZ = 0;
  for (let j = 0; j < ${cols}; j++) {
    const t = ${v.y}[o + j]!;
    sumY += t;
    sumYZ += t * ${v.z}[o + j]!;
  }
  total += (${v.z}[m]! - Math.log(${v.p}[m]!)) * sumY - sumYZ;
  ${rowLoop}
}
${v.out}[0] = ${ctx.expr(`total / (${rows})`)};
}`;
}
