// The memory plan: which loops run (fused groups, phase by phase) and where every stored value
// lives at run time. Inputs stay in the caller's arrays, parameters and gradients in their flat
// buffers, everything else in one shared arena; values a fused loop never stores have no storage.
// A reshape is a view: no loop, the storage of its input (whose lifetime covers the view's reads).
import { outputIds, shapeSize, updateIds, valueShapes, type Graph, type Node } from "../../ir/graph.ts";
import { chooseTiles, gemmDims } from "./tiles.ts";
import { place, lifetimes, type Placement } from "./arena.ts";
import { fuse, PHASES, type FusedSchedule, type FuseOptions } from "./fuse.ts";
import { schedule, type Schedule } from "./schedule.ts";

export type Storage =
  | { kind: "input"; index: number }
  | { kind: "param"; param: string }
  | { kind: "state"; state: string }
  | { kind: "grad"; param: string }
  | { kind: "arena"; offset: number; length: number };

export interface Plan extends Schedule {
  /** The loops of each phase, in order. `forward`, `loss`, `backward` list the same nodes. */
  groups: FusedSchedule;
  storage: Map<string, Storage>;
  /** Gradients that are not computed in place and are copied into the gradient buffer. */
  gradCopies: { param: string; from: string }[];
  /**
   * When the output is an input passed through (an identity network): the arena slice the forward
   * pass copies it into. The output is always the model's own buffer, never the caller's array.
   */
  outputCopy?: { from: string; offset: number; length: number };
  /** Reshapes that are views, each mapped to the value whose memory it reads (never itself a view). */
  views: Map<string, string>;
  placements: Placement[];
  arenaSize: number;
  /** What the arena would need with one buffer per IR value (no fusion, no sharing). */
  naiveSize: number;
  /** With fusion but no sharing: one buffer per stored value. */
  fusedSize: number;
}

export interface PlanOptions extends FuseOptions {
  /** false: every reshape copies (default: views, unless fusion is off: the unfused reference copies). */
  views?: boolean;
}

/**
 * Reshapes whose result can be their input's memory: all but the output and the loss (the module
 * hands those out in buffers of their own). A view of a view reads the first one's input.
 */
function viewsOf(g: Graph): Map<string, string> {
  const views = new Map<string, string>();
  for (const n of g.nodes) {
    if (n.op === "reshape" && n.id !== g.output && n.id !== g.loss) views.set(n.id, views.get(n.inputs[0]!) ?? n.inputs[0]!);
  }
  return views;
}

export function planMemory(g: Graph, maxBatch: number, options: PlanOptions = {}): Plan {
  const fused = fuse(g, schedule(g), options);
  const views = (options.views ?? options.fuse !== false) ? viewsOf(g) : new Map<string, string>();
  const groups: FusedSchedule = { forward: [], loss: [], backward: [] };
  for (const phase of PHASES) groups[phase] = fused[phase].filter((gr) => !views.has(gr.id));
  const base = (id: string) => views.get(id) ?? id;
  const shapes = valueShapes(g);
  const shapeOf = (id: string) => shapes.get(id)!;
  for (const gr of PHASES.flatMap((phase) => groups[phase])) {
    if (gr.kind !== "gemm") continue;
    const { M, N, K, ta, tb, nScale } = gemmDims(gr.head!, shapeOf);
    // (a flattened product's kernel takes batch × nScale rows: never written inline, where `batch` is the batch)
    gr.tiles = chooseTiles(M, N, K, maxBatch * nScale, nScale === 1, { ta, tb });
  }
  const nodesOf = (phase: keyof FusedSchedule): Node[] => groups[phase].flatMap((gr) => gr.nodes);
  const sched: Schedule = { forward: nodesOf("forward"), loss: nodesOf("loss"), backward: nodesOf("backward") };
  const storage = new Map<string, Storage>();
  g.inputs.forEach((v, index) => storage.set(v.id, { kind: "input", index }));
  for (const p of g.params) storage.set(p.id, { kind: "param", param: p.id });
  for (const v of g.state ?? []) storage.set(v.id, { kind: "state", state: v.id });

  // A gradient stored by a backward loop is written straight into the gradient buffer.
  const backwardWrites = new Set(groups.backward.flatMap((gr) => gr.writes));
  const gradCopies: Plan["gradCopies"] = [];
  for (const gr of g.grads) {
    if (backwardWrites.has(gr.value) && !storage.has(gr.value)) storage.set(gr.value, { kind: "grad", param: gr.param });
    else gradCopies.push({ param: gr.param, from: gr.value });
  }

  const steps = PHASES.flatMap((phase) => groups[phase]);
  const sizeOf = (n: Node) => Math.max(1, shapeSize(n.shape, maxBatch));
  const lengths = new Map<string, number>();
  for (const n of g.nodes) if (!storage.has(n.id)) lengths.set(n.id, sizeOf(n));
  const keep = new Set([...outputIds(g), g.loss, ...updateIds(g), ...gradCopies.map((c) => c.from)].map(base));
  const firstBackward = groups.forward.length + groups.loss.length;
  // A view's reads are reads of the memory it views.
  const reading = steps.map((step) => ({ writes: step.writes, reads: step.reads.map(base) }));
  const inArena = lifetimes(reading, lengths, keep, firstBackward);
  const { placements, size } = place(inArena);
  for (const p of placements) storage.set(p.id, { kind: "arena", offset: p.offset, length: p.length });
  for (const [view, of] of views) storage.set(view, storage.get(of)!);
  const naiveSize = [...lengths.values()].reduce((s, n) => s + n, 0);
  const fusedSize = inArena.reduce((s, l) => s + l.length, 0);
  const copied = storage.get(g.output)?.kind === "input" ? g.output : undefined;
  const outputCopy = copied === undefined ? undefined : { from: copied, offset: size, length: Math.max(1, shapeSize(shapes.get(copied)!, maxBatch)) };
  const arenaSize = size + (outputCopy?.length ?? 0);
  return { ...sched, groups, storage, gradCopies, outputCopy, views, placements, arenaSize, naiveSize, fusedSize };
}
