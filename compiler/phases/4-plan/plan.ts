// The memory plan: where every value lives at run time. Inputs stay in the caller's arrays,
// parameters and gradients in their flat buffers, everything else in one shared arena.
import type { Graph } from "../../ir/graph.ts";
import { place, lifetimes, type Placement } from "./arena.ts";
import { schedule, type Schedule } from "./schedule.ts";

export type Storage =
  | { kind: "input"; index: number }
  | { kind: "param"; param: string }
  | { kind: "grad"; param: string }
  | { kind: "arena"; offset: number; length: number };

export interface Plan extends Schedule {
  storage: Map<string, Storage>;
  /** Gradients that are not computed in place and are copied into the gradient buffer. */
  gradCopies: { param: string; from: string }[];
  placements: Placement[];
  arenaSize: number;
  /** What the arena would need with one buffer per value (no sharing). */
  naiveSize: number;
}

export function planMemory(g: Graph, maxBatch: number): Plan {
  const sched = schedule(g);
  const storage = new Map<string, Storage>();
  g.inputs.forEach((v, index) => storage.set(v.id, { kind: "input", index }));
  for (const p of g.params) storage.set(p.id, { kind: "param", param: p.id });

  // A gradient computed by a backward node is written straight into the gradient buffer.
  const backwardIds = new Set(sched.backward.map((n) => n.id));
  const gradCopies: Plan["gradCopies"] = [];
  for (const gr of g.grads) {
    if (backwardIds.has(gr.value) && !storage.has(gr.value)) storage.set(gr.value, { kind: "grad", param: gr.param });
    else gradCopies.push({ param: gr.param, from: gr.value });
  }

  const steps = [...sched.forward, ...sched.loss, ...sched.backward];
  const keep = new Set([g.output, g.loss, ...gradCopies.map((c) => c.from)]);
  const inArena = lifetimes(steps, maxBatch, keep, sched.forward.length + sched.loss.length).filter(
    (l) => !storage.has(l.id),
  );
  const { placements, size } = place(inArena);
  for (const p of placements) storage.set(p.id, { kind: "arena", offset: p.offset, length: p.length });
  const naiveSize = inArena.reduce((s, l) => s + l.length, 0);
  return { ...sched, storage, gradCopies, placements, arenaSize: size, naiveSize };
}
