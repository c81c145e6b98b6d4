// Prints a graph as text: one SSA node per line, shapes and layer comments included.
// print → parse → print is the identity (see parse.ts).
import { elementType, outputIds, type AttrValue, type Graph, type Node, type Value } from "./graph.ts";
import type { OpDef } from "../ops/define.ts";
import { ops } from "../ops/index.ts";
import { formatComment, formatId, formatName, formatNumber } from "./syntax.ts";

const COMMENT_COLUMN = 64;

export function printGraph(g: Graph): string {
  const decl = (v: Value) => `${formatId(v.id)}: ${typeText(g, v)}`;
  const state = g.state && g.state.length > 0 ? `; ${g.state.map(decl).join(", ")}` : "";
  const header = `graph ${formatName(g.name)}(${g.inputs.map(decl).join(", ")}; ${g.params.map(decl).join(", ")}${state}) {`;
  const lines = [header, ...g.nodes.map((n) => `  ${nodeText(g, n)}`)];
  for (const id of outputIds(g)) lines.push(`  output ${formatId(id)}`);
  lines.push(`  loss ${formatId(g.loss)}`);
  for (const u of g.updates ?? []) lines.push(`  update ${formatId(u.state)} = ${formatId(u.value)}`);
  for (const gr of g.grads) lines.push(`  grad ${formatId(gr.param)} = ${formatId(gr.value)}`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

function typeText(g: Pick<Graph, "dtype">, v: Value): string {
  return `${elementType(g, v)}[${v.shape.join(",")}]`;
}

function attrText(v: AttrValue): string {
  return typeof v === "number" ? formatNumber(v) : `[${v.map(formatNumber).join(",")}]`;
}

/** One node's line (without indentation), as printGraph writes it. */
export function nodeText(g: Pick<Graph, "dtype">, n: Node): string {
  const def: OpDef = ops[n.op];
  const attrNames = [...def.attrs, ...(def.lists ?? [])];
  const attrs = attrNames.length
    ? ` {${attrNames.map((a) => `${a}=${attrText(n.attrs[a])}`).join(", ")}}`
    : "";
  const args = n.inputs.map(formatId).join(", ");
  const code = `${formatId(n.id)}: ${typeText(g, n)} = ${n.op}${args ? " " + args : ""}${attrs}`;
  if (!n.comment) return code;
  return `${code.padEnd(COMMENT_COLUMN - 2)} # ${formatComment(n.comment)}`;
}
