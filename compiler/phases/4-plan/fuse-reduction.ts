// Fusion patterns around reductions, found from fusion classes and shapes (never op names):
//   reduction  a reduction over all axes or trailing axes and the elementwise work feeding it,
//              computed per element and accumulated, never stored (one loop nest)
//   loss       in the loss phase, a full reduction and elementwise groups of the same iteration
//              shape that read the same values (a loss and its gradient: the gradient reads the
//              seed ∂L/∂L = 1, never the loss), in one loop writing the sum and the gradients,
//              the shared subexpressions (d = p − t) computed once per element
//   rows       inside a full reduction's loop over [..., m], reductions to that shape over the
//              trailing axes of [..., m, k] (a softmax cross-entropy's row maxima and row sums),
//              each accumulated in one inner loop per element, never stored: one pass over the
//              rows instead of one per reduction and one for the loss
// A loop absorbs a group only when every consumer of what the group stores is in the loop, and
// a loop moved into the loss phase only reads values written before its reduction.
import { shapesEqual, type Node, type Shape } from "../../ir/graph.ts";
import { ops } from "../../ops/index.ts";
import type { OpDef } from "../../ops/define.ts";
import { InternalError } from "../../errors.ts";
import { leafRole, type Group, type Phase } from "./fuse.ts";

export interface ReductionContext {
  shapeOf(id: string): Shape;
  /** Schedule position of every node. */
  index: ReadonlyMap<string, number>;
  phaseOf: ReadonlyMap<string, Phase>;
  /** The graph's results (output, loss, gradients): always stored. */
  results: ReadonlySet<string>;
  /** The nodes reading each value. */
  consumers: ReadonlyMap<string, readonly Node[]>;
}

/** A reduction whose axes are all of its input's or its trailing ones: a loop nest can accumulate it. */
export function isTrailingReduction(n: Node, shapeOf: (id: string) => Shape): boolean {
  const axes = n.attrs.axes;
  if (ops[n.op].fusion !== "reduction" || !Array.isArray(axes) || axes.length === 0) return false;
  const rank = shapeOf(n.inputs[0]).length;
  return [...axes].sort((a, b) => a - b).every((a, k) => a === rank - axes.length + k);
}

/** A scalar constant, or elementwise work on scalars only (a loss term's weight applied to the seed). */
function isScalarWork(n: Node, shapeOf: (id: string) => Shape): boolean {
  if (n.shape.length !== 0) return false;
  return n.inputs.length === 0 || (ops[n.op].fusion === "elementwise" && n.inputs.every((id) => shapeOf(id).length === 0));
}

/**
 * A node a loop over `shape` computes per element: an elementwise op of that shape reading its
 * operands per element or as scalars; scalar work (a constant, a weight times the seed), done once;
 * a movement op spreading a scalar over the loop (a broadcast of the seed: its other operands only
 * give the shape).
 */
export function perElement(n: Node, shape: Shape, shapeOf: (id: string) => Shape): boolean {
  if (isScalarWork(n, shapeOf)) return true;
  if (!shapesEqual(n.shape, shape)) return false;
  const fusion = ops[n.op].fusion;
  if (fusion === "movement") return shapeOf(n.inputs[0]).length === 0;
  return fusion === "elementwise" && n.inputs.every((id, i) => !["column", "row"].includes(leafRole(n, i, shapeOf(id))));
}

/** Whether a loop computes `n` once, before its elements: it reads nothing but such values and scalars. */
export function loopInvariant(n: Node, inLoop: ReadonlySet<string>, invariant: ReadonlySet<string>, shapeOf: (id: string) => Shape): boolean {
  if (n.inputs.length === 0) return true;
  if (ops[n.op].fusion === "movement") return !inLoop.has(n.inputs[0]) || invariant.has(n.inputs[0]);
  return n.inputs.every((id) => (inLoop.has(id) ? invariant.has(id) : shapeOf(id).length === 0));
}

/** The values a per-element node reads (a scalar spread over the loop reads only its source). */
export function elementReads(n: Node): readonly string[] {
  return ops[n.op].fusion === "movement" ? n.inputs.slice(0, 1) : n.inputs;
}

/** Whether `n` reads `id` only for its shape (then `id` need not be stored for it). */
function shapeOnly(n: Node, id: string): boolean {
  return n.inputs.every((input, i) => input !== id || (ops[n.op] as OpDef).shapeOnly?.includes(i) === true);
}

/** Rebuilds the groups with the reduction patterns applied; `groups` are the plain ones, any order. */
export function fuseReductions(groups: Group[], ctx: ReductionContext): Group[] {
  const groupOf = new Map<string, Group>();
  for (const gr of groups) for (const n of gr.nodes) groupOf.set(n.id, gr);
  const removed = new Set<Group>();
  const made: Group[] = [];
  const reductions = groups
    .filter((gr) => gr.kind === "kernel" && isTrailingReduction(gr.head!, ctx.shapeOf))
    .sort((a, b) => ctx.index.get(a.id)! - ctx.index.get(b.id)!);
  for (const red of reductions) {
    const group = reductionLoop(red, groups, groupOf, removed, ctx);
    if (!group) continue;
    for (const gr of group.absorbed) removed.add(gr);
    removed.add(red);
    for (const n of group.group.nodes) groupOf.set(n.id, group.group);
    made.push(group.group);
  }
  // (a reduction loop made here may be nested in a later one: rows)
  return [...groups, ...made].filter((gr) => !removed.has(gr));
}

/** A reduction over trailing axes, fused with its tree or alone (nesting none itself): its head. */
function trailingReduction(gr: Group, shapeOf: (id: string) => Shape): Node | undefined {
  const R = gr.head;
  if (!R || gr.inner?.length) return undefined;
  const alone = gr.kind === "kernel" && gr.nodes.length === 1;
  return (gr.kind === "reduction" || alone) && isTrailingReduction(R, shapeOf) ? R : undefined;
}

function reductionLoop(
  red: Group,
  groups: readonly Group[],
  groupOf: ReadonlyMap<string, Group>,
  removed: ReadonlySet<Group>,
  ctx: ReductionContext,
): { group: Group; absorbed: Group[] } | undefined {
  const R = red.head!;
  const shape = ctx.shapeOf(R.inputs[0]);
  const phase = red.phase;
  const members = new Set<Group>([red]);
  const inLoop = () => new Set([...members].flatMap((gr) => gr.nodes.map((n) => n.id)));
  const full = R.shape.length === 0;
  // Reductions nested in the loop (rows), all over one input shape [...shape, k]: the members other
  // than the head that are reductions (a per-element group never is one).
  const isNested = (gr: Group) => gr !== red && trailingReduction(gr, ctx.shapeOf) !== undefined;
  const nestable = (gr: Group): boolean => {
    const inner = trailingReduction(gr, ctx.shapeOf);
    if (!full || shape.length === 0 || !inner || gr.phase !== phase || !shapesEqual(inner.shape, shape)) return false;
    const first = [...members].find(isNested);
    return first === undefined || shapesEqual(ctx.shapeOf(inner.inputs[0]), ctx.shapeOf(first.head!.inputs[0]));
  };
  const fits = (gr: Group) =>
    !members.has(gr) &&
    !removed.has(gr) &&
    (((gr.kind === "elementwise" || gr.kind === "kernel") && gr.nodes.every((n) => perElement(n, shape, ctx.shapeOf))) || nestable(gr));
  /** Producers whose every stored value only members read (and that are no results) join the loop. */
  const absorbProducers = (allowed: (gr: Group) => boolean) => {
    for (let grew = true; grew; ) {
      grew = false;
      const ids = inLoop();
      for (const n of [...members].flatMap((gr) => gr.nodes)) {
        for (const id of n.inputs) {
          const gr = groupOf.get(id);
          if (!gr || !fits(gr) || !allowed(gr)) continue;
          const outside = (w: string) => (ctx.consumers.get(w) ?? []).filter((c) => !ids.has(c.id) && !shapeOnly(c, w));
          const onlyOurs = gr.writes.every((w) => !ctx.results.has(w) && outside(w).length === 0);
          // Scalar work read by backward loops too joins a loss loop, which stores it once for them.
          const shared = phase === "loss" && gr.nodes.every((n) => isScalarWork(n, ctx.shapeOf)) &&
            gr.writes.every((w) => outside(w).every((c) => ctx.phaseOf.get(c.id) === "backward"));
          if (onlyOurs || (shared && gr.phase === "backward")) (members.add(gr), (grew = true));
        }
      }
    }
  };
  absorbProducers((gr) => gr.phase === phase);
  const reductionOnly = new Set(members);

  // The loss and its gradient: backward elementwise groups over the same shape reading what the loop reads.
  const gradients: Group[] = [];
  if (phase === "loss" && full) {
    const before = (id: string) => {
      const at = ctx.index.get(id);
      return at === undefined || at < ctx.index.get(R.id)!;
    };
    // What the loop computes or reads, through the per-element producers it may still absorb.
    const leaves = new Set<string>();
    const walk = (gr: Group) => {
      for (const n of gr.nodes) {
        for (const id of elementReads(n)) {
          if (leaves.has(id)) continue;
          leaves.add(id);
          const p = groupOf.get(id);
          if (p && fits(p) && p.phase === phase) walk(p);
        }
      }
    };
    members.forEach(walk);
    // Every candidate at once (gradients share the seed and its spread), then drop those not
    // ready before the reduction or not connected to the loop, until none is dropped.
    const base = [...members];
    let candidates = groups.filter((gr) => gr.phase === "backward" && gr.kind === "elementwise" && fits(gr));
    for (let dropped = true; dropped && candidates.length > 0; ) {
      members.clear();
      [...base, ...candidates].forEach((m) => members.add(m));
      absorbProducers((p) => p.phase !== "forward");
      const ids = inLoop();
      const ready = (n: Node) => n === R || (!n.inputs.includes(R.id) && elementReads(n).every((id) => ids.has(id) || before(id)));
      const late = new Set([...members].filter((gr) => !gr.nodes.every(ready)));
      const keep = candidates.filter((gr) => {
        if (late.has(gr)) return false;
        const own = new Set(gr.nodes.map((n) => n.id));
        const reads = gr.nodes.flatMap((n) => elementReads(n)).filter((id) => !own.has(id));
        if (reads.some((id) => late.has(groupOf.get(id)!))) return false;
        return reads.some((id) => leaves.has(id) || ids.has(id));
      });
      dropped = keep.length < candidates.length;
      candidates = keep;
    }
    if (candidates.length === 0) {
      members.clear();
      base.forEach((m) => members.add(m));
    }
    gradients.push(...candidates);
  }
  if (members.size === 1) return undefined;
  const absorbed = [...members].filter((gr) => gr !== red);
  const nodes = [...members].flatMap((gr) => gr.nodes).sort((a, b) => ctx.index.get(a.id)! - ctx.index.get(b.id)!);
  const nested = [...members].filter(isNested).sort((a, b) => ctx.index.get(a.head!.id)! - ctx.index.get(b.head!.id)!);
  const innerIds = new Set(nested.flatMap((gr) => gr.nodes.map((n) => n.id)));
  const tail = nodes.filter((n) => n !== R && !innerIds.has(n.id));
  const ids = new Set(nodes.map((n) => n.id));
  const readOutside = (n: Node) => (ctx.consumers.get(n.id) ?? []).some((c) => !ids.has(c.id) && !shapeOnly(c, n.id));
  // (scalar work other loops read: stored once)
  const scalars = nodes.filter((n) => n.shape.length === 0 && n !== R && readOutside(n));
  // (a gradient another gradient of the loop reads is stored only if some other loop reads it too)
  const stored = [...scalars, ...gradients.map((gr) => gr.root).filter((n) => ctx.results.has(n.id) || readOutside(n))];
  const reads = new Set<string>();
  for (const n of nodes) for (const id of n === R ? n.inputs : elementReads(n)) if (!ids.has(id)) reads.add(id);
  const fromBackward = nodes.filter((n) => !reductionOnly.has(groupOf.get(n.id)!) && ctx.phaseOf.get(n.id) === "backward");
  const root = gradients.length > 0 ? stored[stored.length - 1] ?? R : R;
  const group: Group = {
    kind: gradients.length > 0 ? "loss" : "reduction",
    phase,
    id: root.id,
    head: R,
    loss: gradients.length > 0 ? R : undefined,
    tail,
    root,
    nodes,
    writes: [R.id, ...stored.map((n) => n.id)],
    reads: [...reads],
    gradient: fromBackward.map((n) => n.id),
    ...(nested.length > 0 ? { inner: nested } : {}),
  };
  return { group, absorbed };
}

/**
 * The invariant of a reduction or loss loop (checkFusion): its head a reduction over all or trailing
 * axes, every other node computed per element of the head's input; a loss loop's reduction full
 * (a scalar), in the loss phase.
 */
export function checkReductionLoop(gr: Group, shapeOf: (id: string) => Shape): void {
  const R = gr.head;
  if (!R || !isTrailingReduction(R, shapeOf)) throw new InternalError(`fusion: the ${gr.kind} loop %${gr.id} is not led by a reduction over trailing axes`);
  const shape = shapeOf(R.inputs[0]);
  const odd = gr.tail.find((n) => n === R || !perElement(n, shape, shapeOf));
  if (odd) throw new InternalError(`fusion: the ${gr.kind} loop of %${R.id} cannot compute %${odd.id} per element`);
  for (const inner of gr.inner ?? []) {
    const H = inner.head;
    const fitsLoop = H && R.shape.length === 0 && shapesEqual(H.shape, shape) && shapesEqual(shapeOf(H.inputs[0]), shapeOf(gr.inner![0].head!.inputs[0]));
    if (!fitsLoop) throw new InternalError(`fusion: the ${gr.kind} loop of %${R.id} cannot nest %${inner.id}, a reduction to its elements`);
    checkReductionLoop(inner, shapeOf);
  }
  if (gr.kind === "loss" && (R.shape.length !== 0 || gr.phase !== "loss" || gr.loss !== R)) {
    throw new InternalError(`fusion: the loss loop %${gr.id} must sum its loss %${R.id} to a scalar in the loss phase`);
  }
}
