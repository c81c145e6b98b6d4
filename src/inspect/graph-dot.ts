// The two graph views as Graphviz DOT: the forward graph (inputs, parameters, forward nodes, the
// loss) and the gradient graph (backward nodes, with the forward values they read drawn as faint
// references). Layers are clusters, fused loops dashed sub-clusters, edges carry shapes. DOT ids
// are generated (n<index>, r<index>); names reach DOT only inside escaped labels.
import { dotString } from "../../compiler/ir/dot.ts";
import type { NodeKind, PageData, PageNode } from "./model.ts";
import { escapeHtml } from "./text.ts";

export type View = "forward" | "gradient";

/** fill, border: the page's legend uses the same colours (style.css). */
export const KIND_STYLE: Record<NodeKind, { fill: string; line: string; shape: string }> = {
  input: { fill: "#e0f2fe", line: "#0284c7", shape: "ellipse" },
  target: { fill: "#e0e7ff", line: "#4f46e5", shape: "ellipse" },
  param: { fill: "#fef3c7", line: "#d97706", shape: "cylinder" },
  forward: { fill: "#dcfce7", line: "#16a34a", shape: "box" },
  loss: { fill: "#ffe4e6", line: "#e11d48", shape: "box" },
  backward: { fill: "#f3e8ff", line: "#9333ea", shape: "box" },
  grad: { fill: "#ede9fe", line: "#6d28d9", shape: "note" },
};

function label(n: PageNode, faint = false): string {
  const title = n.gradOf ? `∂L/∂${n.gradOf}` : n.label;
  const sub = n.op === n.kind ? n.shape : `${n.op}  ${n.shape}`;
  const extra = n.gradOf ? `<br/><font point-size="8" color="#64748b">${escapeHtml(n.label)}</font>` : "";
  const color = faint ? "#94a3b8" : "#0f172a";
  return `<<font color="${color}"><b>${escapeHtml(title)}</b></font><br/><font point-size="8.5" color="#64748b">${escapeHtml(sub)}</font>${extra}>`;
}

export function viewDot(data: PageData, view: View): string {
  const index = new Map(data.nodes.map((n, i) => [n.id, i]));
  const mine = data.nodes.filter((n) => n.view === view);
  const shown = new Set(mine.map((n) => n.id));
  const lines = [
    "digraph G {",
    '  graph [rankdir=TB, nodesep=0.25, ranksep=0.35, fontname="Helvetica", fontsize=10, bgcolor="transparent", pad=0.2];',
    '  node [fontname="Helvetica", fontsize=10, penwidth=1.2, margin="0.12,0.05", height=0.3];',
    '  edge [fontname="Helvetica", fontsize=8, color="#94a3b8", fontcolor="#64748b", arrowsize=0.6, penwidth=1];',
  ];
  const nodeLine = (n: PageNode) => {
    const s = KIND_STYLE[n.kind];
    const i = index.get(n.id)!;
    const bold = n.kind === "loss" || n.kind === "grad" ? ", penwidth=2" : "";
    const shape = s.shape === "box" ? 'shape=box, style="rounded,filled"' : `shape=${s.shape}, style=filled`;
    return `n${i} [id="n${i}", class="kind-${n.kind}", label=${label(n)}, ${shape}, fillcolor="${s.fill}", color="${s.line}"${bold}];`;
  };

  // layer → loop → nodes, in graph order
  const layers = new Map<string, Map<number, PageNode[]>>();
  for (const n of mine) {
    const loops = layers.get(n.layer) ?? layers.set(n.layer, new Map()).get(n.layer)!;
    const k = n.loop ?? -1 - index.get(n.id)!;
    loops.set(k, [...(loops.get(k) ?? []), n]);
  }
  let cluster = 0;
  for (const [layer, loops] of layers) {
    const indent = layer ? "    " : "  ";
    if (layer) {
      lines.push(`  subgraph cluster_${cluster++} {`);
      lines.push(
        `    label=${dotString(layer)}; labeljust=l; fontsize=10; fontcolor="#334155"; style="rounded,filled"; fillcolor="#f8fafc"; color="#cbd5e1";`,
      );
    }
    for (const [k, nodes] of loops) {
      if (k >= 0 && nodes.length > 1) {
        lines.push(`${indent}subgraph cluster_${cluster++} {`);
        lines.push(
          `${indent}  label=${dotString(`loop ${k}`)}; labeljust=r; fontsize=8; fontcolor="#64748b"; style="dashed,rounded"; color="#94a3b8"; fillcolor="transparent";`,
        );
        for (const n of nodes) lines.push(`${indent}  ${nodeLine(n)}`);
        lines.push(`${indent}}`);
      } else for (const n of nodes) lines.push(`${indent}${nodeLine(n)}`);
    }
    if (layer) lines.push("  }");
  }

  // Values from the other view that this one reads: faint references, one per value.
  const refs = new Set<string>();
  for (const n of mine) for (const id of n.inputs) if (!shown.has(id)) refs.add(id);
  for (const id of refs) {
    const i = index.get(id)!;
    const n = data.nodes[i]!;
    lines.push(
      `  r${i} [id="r${i}", class="ref", label=${label(n, true)}, shape=box, style="rounded,dashed", color="#cbd5e1", fontcolor="#94a3b8"];`,
    );
  }
  for (const n of mine) {
    const to = index.get(n.id)!;
    for (const id of new Set(n.inputs)) {
      const from = index.get(id)!;
      const tail = shown.has(id) ? `n${from}` : `r${from}`;
      const dashed = view === "gradient" && !shown.has(id) ? ', style="dashed"' : "";
      // Data flowing between computed values pulls hard (a straight spine); parameters and
      // references hang beside it, so deep models stay a column instead of a staircase.
      // An edge into another layer spans two ranks, so consecutive layer clusters never share one.
      const src = data.nodes[from]!;
      const pull = shown.has(id) && src.kind !== "param" && src.kind !== "input" ? ", weight=8" : "";
      const gap = shown.has(id) && src.layer !== n.layer && src.layer !== "" ? ", minlen=2" : "";
      const cls = `e-from-${from} e-to-${to}`;
      lines.push(`  ${tail} -> n${to} [class="${cls}", label=${dotString(src.shape)}${dashed}${pull}${gap}];`);
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
