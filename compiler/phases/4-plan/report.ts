// The plan as text for `tapeless inspect --plan`: the fused loops of each phase (what each one
// computes, what it never stores, the register tiles of each product), then the arena: offsets,
// lengths and lifetimes (in loop steps), and what sharing and fusion saved.
import { leaves, type Graph, type Node, type Shape } from "../../ir/graph.ts";
import { ops } from "../../ops/index.ts";
import { formatId } from "../../ir/syntax.ts";
import { PHASES, type Group } from "./fuse.ts";
import type { Plan } from "./plan.ts";

export function formatPlan(g: Graph, plan: Plan, bytesPerElement: number): string {
  const bytes = (n: number) => `${n} elements (${n * bytesPerElement} bytes)`;
  const steps = PHASES.flatMap((phase) => plan.groups[phase]);
  const hidden = steps.reduce((s, gr) => s + gr.nodes.length - gr.writes.length, 0);
  const lines = [
    `plan ${g.name}: arena ${bytes(plan.arenaSize)}; ` +
      `one buffer per stored value ${bytes(plan.fusedSize)}; one buffer per IR value ${bytes(plan.naiveSize)}`,
    `fusion: ${g.nodes.length} nodes in ${steps.length} loops, ${hidden} intermediates never stored`,
  ];
  const shapes = new Map<string, Shape>([...leaves(g), ...g.nodes].map((v) => [v.id, v.shape]));
  const costOf = (gr: Group) => groupCost(gr, (id) => shapes.get(id)!);
  const phaseCost = PHASES.map((phase) => `${phase} ${formatCount(plan.groups[phase].reduce((s, gr) => s + costOf(gr), 0))}`);
  lines.push(`estimated cost per sample (the ops' cost rules, in scalar operations): ${phaseCost.join(", ")}`);
  let step = 0;
  for (const phase of PHASES) {
    lines.push(`${phase}:`);
    for (const gr of plan.groups[phase]) lines.push(`  [${step++}] ${describeGroup(gr)}  ~${formatCount(costOf(gr))}`);
  }
  lines.push("buffers (offset, length, live from step to step):");
  const phaseOf = new Map<string, string>();
  for (const gr of steps) for (const id of gr.writes) phaseOf.set(id, gr.phase);
  for (const p of plan.placements) {
    const end = p.end === Infinity ? "end" : String(p.end);
    const shared = plan.placements.some((q) => q !== p && q.offset < p.offset + p.length && p.offset < q.offset + q.length);
    lines.push(
      `  ${formatId(p.id).padEnd(28)} ${String(p.offset).padStart(8)} +${String(p.length).padEnd(8)} [${p.start}, ${end}]  ${phaseOf.get(p.id)}${shared ? "  (shares memory)" : ""}`,
    );
  }
  for (const [id, s] of plan.storage) if (s.kind === "grad") lines.push(`  ${formatId(id).padEnd(28)} in grads of ${s.param}`);
  for (const c of plan.gradCopies) lines.push(`  ${formatId(c.from).padEnd(28)} copied into grads of ${c.param}`);
  return lines.join("\n") + "\n";
}

/** The group's scalar operations per sample, from each op's cost rule. */
export function groupCost(gr: Group, shapeOf: (id: string) => Shape): number {
  return gr.nodes.reduce((sum, n) => sum + ops[n.op].cost(n.inputs.map(shapeOf), n.shape, n.attrs), 0);
}

/** 950, 12.3k, 4.56M: three significant digits at most. */
export function formatCount(x: number): string {
  const [scaled, unit] = x >= 1e6 ? [x / 1e6, "M"] : x >= 1e3 ? [x / 1e3, "k"] : [x, ""];
  return `${Number(scaled.toPrecision(3))}${unit}`;
}

/** The reductions a loop nests, per element over its row: " over rows of reduce_max, reduce_sum(mul)". */
function rows(gr: Group): string {
  if (!gr.inner?.length) return "";
  const each = gr.inner.map((r) => `${r.head!.op}${r.tail.length > 0 ? `(${r.tail.map((n) => n.op).join(" → ")})` : ""}`);
  return ` over rows of ${each.join(", ")}`;
}

/** One line saying what a fused loop computes (also the inspector's loop label). */
export function describeGroup(gr: Group): string {
  const ops = (nodes: readonly Node[]) => nodes.map((n) => n.op).join(" → ");
  const stored = gr.writes.map(formatId).join(", ");
  const notStored = gr.nodes.filter((n) => !gr.writes.includes(n.id)).map((n) => formatId(n.id));
  const rest = notStored.length > 0 ? `; not stored: ${notStored.join(", ")}` : "";
  switch (gr.kind) {
    case "gemm": {
      const tiles = gr.tiles ? ` (${gr.tiles.ri}×${gr.tiles.rj} tiles${gr.tiles.inline ? ", inline" : ""})` : "";
      const epilogue = gr.tail.length > 0 ? ` + epilogue ${ops(gr.tail)}` : "";
      return `gemm ${stored} = matmul${tiles}${epilogue}${rest}`;
    }
    case "reduction":
      return `reduction ${stored} = ${gr.head!.op} of ${ops(gr.tail)}${rows(gr)} in one loop${rest}`;
    case "loss":
      return `loss ${stored} = ${gr.loss!.op} of ${ops(gr.tail.filter((n) => !gr.gradient?.includes(n.id)))}${rows(gr)} with ${ops(gr.tail.filter((n) => gr.gradient?.includes(n.id)))} in one loop${rest}`;
    case "elementwise":
      return `elementwise ${stored} = ${ops(gr.tail)}${rest}`;
    case "kernel":
      return gr.tail.length > 0 ? `kernel ${stored} = ${gr.head!.op} + epilogue ${ops(gr.tail)}${rest}` : `kernel ${stored} = ${gr.head!.op}`;
  }
}
