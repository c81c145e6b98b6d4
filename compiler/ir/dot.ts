// Renders a graph as Graphviz DOT: inputs, parameters, forward (and loss) nodes, backward nodes
// and the gradient results, each drawn differently. Pure; DOT ids are generated (v0, v1, ...) and
// every spec name reaches the output only inside an escaped, quoted label.
import { ancestors, formatShape, outputIds, type Graph } from "./graph.ts";

/** A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's `\n`. */
export function dotString(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, "\\n");
  return `"${escaped}"`;
}

const STYLE = {
  input: 'shape=ellipse, style=filled, fillcolor="#dbeafe"',
  param: 'shape=box, style="rounded,filled", fillcolor="#fef3c7"',
  forward: 'shape=box, style=filled, fillcolor="#dcfce7"',
  loss: 'shape=doubleoctagon, style=filled, fillcolor="#fde68a"',
  backward: 'shape=box, style=filled, fillcolor="#fee2e2"',
  grad: 'shape=note, style=filled, fillcolor="#fecaca"',
} as const;

/**
 * `digraph` of `g`. Forward nodes are what the output and the loss need; every other node is
 * backward (gradient) computation. Edges into backward nodes are dashed.
 */
export function renderDot(g: Graph): string {
  const ids = new Map<string, string>();
  const dotId = (id: string) => {
    let v = ids.get(id);
    if (v === undefined) ids.set(id, (v = `v${ids.size}`));
    return v;
  };
  const forward = new Set(ancestors(g, [...outputIds(g), g.loss]).map((n) => n.id));
  const lines = [
    `digraph ${dotString(g.name)} {`,
    `  label=${dotString(`${g.name}: forward (green), loss (yellow), backward (red)`)};`,
    "  labelloc=t;",
    "  rankdir=TB;",
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const node = (id: string, label: string, style: string) =>
    lines.push(`  ${dotId(id)} [label=${dotString(label)}, ${style}];`);

  for (const v of g.inputs) node(v.id, `${v.id}\n${formatShape(v.shape)}`, STYLE.input);
  for (const p of g.params) node(p.id, `${p.id}\n${formatShape(p.shape)}`, STYLE.param);
  for (const n of g.nodes) {
    const kind = n.id === g.loss ? "loss" : forward.has(n.id) ? "forward" : "backward";
    const label = `${n.id} = ${n.op}\n${formatShape(n.shape)}${n.comment ? `\n${n.comment}` : ""}`;
    node(n.id, label, STYLE[kind]);
    const edgeStyle = kind === "backward" ? " [style=dashed]" : "";
    for (const input of n.inputs) lines.push(`  ${dotId(input)} -> ${dotId(n.id)}${edgeStyle};`);
  }
  g.grads.forEach((gr, i) => {
    const out = `v_grad${i}`;
    lines.push(`  ${out} [label=${dotString(`∂L/∂${gr.param}`)}, ${STYLE.grad}];`);
    lines.push(`  ${dotId(gr.value)} -> ${out} [style=dashed];`);
  });
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
