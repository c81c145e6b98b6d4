// Emits the loops of one phase (forward, loss or backward): one block per node, in schedule
// order, each under a comment naming its layer and the formula or chain-rule term it applies.
import type { Dim, Node, Shape } from "../../ir/graph.ts";
import { ops } from "../../ops/index.ts";
import type { KernelContext, OpDef } from "../../ops/define.ts";
import { commentText } from "./names.ts";
import { describe } from "../../ops/describe.ts";

export interface BlockContext {
  /** The local identifier holding a value's buffer. */
  varOf(id: string): string;
  shapeOf(id: string): Shape;
  /** Module-level helper functions used so far (filled while emitting). */
  helpers: Map<string, string>;
}

export const dimCode = (d: Dim): string => (d === "n" ? "batch" : String(d));

/** Element count as code: a literal, or `batch * rest` when the batch dimension is involved. */
export function sizeCode(shape: Shape): string {
  const fixed = shape.reduce<number>((acc, d) => (d === "n" ? acc : acc * d), 1);
  const batched = shape.includes("n");
  if (!batched) return String(fixed);
  return fixed === 1 ? "batch" : `batch * ${fixed}`;
}

export function emitBlocks(nodes: readonly Node[], ctx: BlockContext, style: "formula" | "rule"): string {
  const out: string[] = [];
  let lastComment: string | undefined;
  for (const node of nodes) {
    const def = ops[node.op];
    if (style === "formula") out.push(`// ${commentText(node.comment || node.op)}: ${commentText(describe(def.doc, node))}`);
    else if (node.comment !== lastComment) out.push(`// ${commentText(node.comment)}`);
    lastComment = node.comment;
    out.push(emitNode(node, ctx));
  }
  return out.join("\n");
}

function emitNode(node: Node, ctx: BlockContext): string {
  const def: OpDef = ops[node.op];
  const outVar = ctx.varOf(node.id);
  const inVars = node.inputs.map((id) => ctx.varOf(id));
  if (def.emit.kind === "kernel") {
    const k: KernelContext = {
      out: outVar,
      ins: inVars,
      outShape: node.shape,
      inShapes: node.inputs.map((id) => ctx.shapeOf(id)),
      attrs: node.attrs,
      dim: dimCode,
      size: sizeCode,
    };
    return `{\n${def.emit.code(k)}\n}`;
  }
  for (const [name, code] of Object.entries(def.emit.helpers ?? {})) ctx.helpers.set(name, code);
  // Scalars (shape []) broadcast: read once before the loop; the rest element by element.
  const hoisted: string[] = [];
  const perElement: string[] = [];
  const args = node.inputs.map((id, i) => {
    const local = `x${i}`;
    const scalar = ctx.shapeOf(id).length === 0 && node.shape.length !== 0;
    (scalar ? hoisted : perElement).push(`const ${local} = ${inVars[i]}[${scalar ? "0" : "i"}];`);
    return local;
  });
  const expr = def.emit.expr(args, node.attrs);
  const loop = `for (let i = 0; i < ${sizeCode(node.shape)}; i++) {\n${perElement.join("\n")}\n${outVar}[i] = ${expr};\n}`;
  return `{\n${[...hoisted, loop].join("\n")}\n}`;
}
