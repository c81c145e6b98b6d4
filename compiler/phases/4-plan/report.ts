// The memory plan as text for `tapeless inspect --plan`: phases, buffers, offsets, lifetimes.
import type { Graph } from "../../ir/graph.ts";
import { formatId } from "../../ir/syntax.ts";
import type { Plan } from "./plan.ts";

export function formatPlan(g: Graph, plan: Plan, bytesPerElement: number): string {
  const phaseOf = new Map<string, string>();
  for (const [phase, nodes] of [["forward", plan.forward], ["loss", plan.loss], ["backward", plan.backward]] as const) {
    for (const n of nodes) phaseOf.set(n.id, phase);
  }
  const lines = [
    `plan ${g.name}: arena ${plan.arenaSize} elements (${plan.arenaSize * bytesPerElement} bytes); ` +
      `without sharing ${plan.naiveSize} elements (${plan.naiveSize * bytesPerElement} bytes)`,
    `phases: forward ${plan.forward.length} nodes, loss ${plan.loss.length}, backward ${plan.backward.length}`,
    "buffers (offset, length, live from step to step):",
  ];
  for (const p of plan.placements) {
    const end = p.end === Infinity ? "end" : String(p.end);
    lines.push(`  ${formatId(p.id).padEnd(28)} ${String(p.offset).padStart(8)} +${String(p.length).padEnd(8)} [${p.start}, ${end}]  ${phaseOf.get(p.id)}`);
  }
  for (const [id, s] of plan.storage) if (s.kind === "grad") lines.push(`  ${formatId(id).padEnd(28)} in grads of ${s.param}`);
  for (const c of plan.gradCopies) lines.push(`  ${formatId(c.from).padEnd(28)} copied into grads of ${c.param}`);
  return lines.join("\n") + "\n";
}
