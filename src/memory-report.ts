// The memory plan as plain JSON-ready data (for `tapeless inspect --json` and other tools): every
// arena buffer with offset, length (elements, at maxBatch) and the steps it is live, in plan order.
import type { Plan } from "../compiler/phases/4-plan/plan.ts";

export interface MemoryReport {
  bytesPerElement: number;
  arenaElements: number;
  /** What the arena would need with one buffer per value (no sharing). */
  naiveElements: number;
  phases: { forward: string[]; loss: string[]; backward: string[] };
  /** `lastStep` null: kept to the end (read after the schedule or by a second backward()). */
  buffers: {
    id: string;
    offset: number;
    length: number;
    firstStep: number;
    lastStep: number | null;
    phase: "forward" | "loss" | "backward";
  }[];
  /** Gradients written straight into the gradient buffer, and gradients copied there. */
  gradients: { param: string; value: string; how: "in place" | "copied" }[];
}

export function memoryReport(plan: Plan, bytesPerElement: number): MemoryReport {
  const phases = {
    forward: plan.forward.map((n) => n.id),
    loss: plan.loss.map((n) => n.id),
    backward: plan.backward.map((n) => n.id),
  };
  const phaseOf = new Map<string, "forward" | "loss" | "backward">();
  for (const phase of ["forward", "loss", "backward"] as const)
    for (const id of phases[phase]) phaseOf.set(id, phase);
  const gradients: MemoryReport["gradients"] = [];
  for (const [id, s] of plan.storage)
    if (s.kind === "grad") gradients.push({ param: s.param, value: id, how: "in place" });
  for (const c of plan.gradCopies) gradients.push({ param: c.param, value: c.from, how: "copied" });
  return {
    bytesPerElement,
    arenaElements: plan.arenaSize,
    naiveElements: plan.naiveSize,
    phases,
    buffers: plan.placements.map((p) => ({
      id: p.id,
      offset: p.offset,
      length: p.length,
      firstStep: p.start,
      lastStep: p.end === Infinity ? null : p.end,
      phase: phaseOf.get(p.id) ?? "forward",
    })),
    gradients,
  };
}
