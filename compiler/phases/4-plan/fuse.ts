// Fusion: groups the scheduled nodes into the loops the emitter writes. A scheduling decision,
// not a rewrite: the IR and its derivative rules are unchanged, only what is stored changes.
//   elementwise  a tree of elementwise ops whose intermediates have one consumer: one loop
//   gemm         a matmul with such a tree as epilogue (bias, activation, activation derivative,
//                the sum of a fan-out), applied to the accumulators before they are stored
//   reduction    a reduction over all or trailing axes with the elementwise work feeding it
//   loss         a loss's sum and its gradient in one loop, run in the loss phase (the gradient
//                only reads forward values and the targets), with the row reductions it reads
//                (max, Σ over each row) nested in it; all in fuse-reduction.ts
//   kernel       any other op, alone, or (an op whose OpDef has `epilogue`: a convolution) with an
//                elementwise tree as its epilogue, as a gemm
// Invariant: every node is in exactly one group; a group's reads are written by earlier groups.
import { leaves, resultIds, shapesEqual, type Graph, type Node, type Shape } from "../../ir/graph.ts";
import { ops } from "../../ops/index.ts";
import type { OpDef } from "../../ops/define.ts";
import { InternalError } from "../../errors.ts";
import type { Schedule } from "./schedule.ts";
import { gemmDims, isGemm, type Tiles } from "./tiles.ts";
import { staticSize } from "../../ops/nd.ts";
import { checkReductionLoop, fuseReductions } from "./fuse-reduction.ts";

export type Phase = "forward" | "loss" | "backward";
export const PHASES: readonly Phase[] = ["forward", "loss", "backward"];

/** How a fused loop reads a value from outside the tree. */
export type LeafRole =
  /** Same shape as the loop: element `i`. */
  | "same"
  /** A block of trailing axes repeated over the leading ones (a bias): element `j`, the column. */
  | "column"
  /** A block of leading axes repeated over the trailing ones (a per-row factor): element `r`, the row. */
  | "row"
  /** A scalar broadcast everywhere: element 0, read once before the loop. */
  | "scalar"
  /** Not read at all (a broadcast reads only the shape of its second operand). */
  | "unused";

const opDef = (n: Node): OpDef => ops[n.op];

/** Ops a fused loop can compute element by element. */
export function isElementwise(n: Node): boolean {
  return ops[n.op].fusion === "elementwise";
}

/** The axes of `source` before its trailing 1s: [n, T, 1] (a keep-dims reduction) has two. */
const leadingAxes = (source: Shape): number => {
  let k = source.length;
  while (k > 0 && source[k - 1] === 1) k--;
  return k;
};

/**
 * How a loop over `out` reads `source` repeated to it: a trailing block is a column, a leading
 * block (trailing 1s aside: a keep-dims reduction) a row, one element a scalar.
 */
function repeatRole(source: Shape, out: Shape): LeafRole | undefined {
  if (shapesEqual(source, out)) return "same";
  const lead = out.length - source.length;
  // (a bias [1] over [n, 1] is a column, which the product's accumulators start from; [] a scalar)
  if (lead > 0 && source.length > 0 && shapesEqual(out.slice(lead), source)) return "column";
  if (!source.includes("n") && source.every((d) => d === 1)) return "scalar";
  const k = leadingAxes(source);
  const rowShaped = source.length === k || source.length === out.length;
  return k > 0 && k < out.length && rowShaped && shapesEqual(out.slice(0, k), source.slice(0, k)) ? "row" : undefined;
}

/**
 * Where a loop over `out` splits its axes into rows and columns to read a leaf of `source`'s shape
 * in the given role (column: before the column's axes; row: after the row's), or undefined.
 */
export function splitAxis(role: LeafRole, source: Shape, out: Shape): number | undefined {
  if (role === "column") return out.length - source.length;
  return role === "row" ? leadingAxes(source) : undefined;
}

/**
 * A repeat (movement, e.g. a broadcast) a fused loop reads as an index of its source, never
 * stored: its source is a column or a scalar of the result (another repeat is a kernel).
 */
export function readsInPlace(n: Node, shapeOf: (id: string) => Shape): boolean {
  return opDef(n).repeats === true && repeatRole(shapeOf(n.inputs[0]!), n.shape) !== undefined;
}

/** How `n`, computed inside a loop, reads its input `i`, given that input's shape. */
export function leafRole(n: Node, i: number, inShape: Shape): LeafRole {
  if (opDef(n).shapeOnly?.includes(i)) return "unused";
  if (opDef(n).repeats && i === 0) return repeatRole(inShape, n.shape) ?? "same";
  return inShape.length === 0 && n.shape.length !== 0 ? "scalar" : "same";
}

export interface Group {
  kind: "elementwise" | "gemm" | "reduction" | "loss" | "kernel";
  phase: Phase;
  /** The root's id: the value the group exists to produce. */
  id: string;
  /** The op whose loop nest the group runs: the matmul (gemm), the reduction (reduction, loss), the op (kernel). */
  head?: Node;
  /** loss groups: the loss, the full reduction the loop accumulates (the head). */
  loss?: Node;
  /**
   * gemm, elementwise, kernel: the elementwise tree applied to each element (to the head's value, if any),
   * root last. reduction, loss: every node computed per element (or once, before the loop), in
   * schedule order.
   */
  tail: Node[];
  /** The node whose value the group stores: the tail's root, else the head (loss: the last gradient stored). */
  root: Node;
  /** loss groups: the nodes the backward pass added (their comments state chain-rule terms). */
  gradient?: string[];
  /** Every node the group computes, in schedule order. */
  nodes: Node[];
  /** Values stored: the root; for reduction groups the reduction; for loss groups the loss and the gradients. */
  writes: string[];
  /** Values read from memory (inputs, parameters, other groups' writes). */
  reads: string[];
  /**
   * reduction, loss groups over the elements of [..., m] (a full reduction): reductions of
   * [..., m, k] to [..., m] the loop computes per element, each in an inner loop over k, before the
   * element's work (rows). Their nodes are in `nodes`, not in `tail`; never stored.
   */
  inner?: Group[];
  /** gemm groups: the register tile, chosen by the plan from the product's shape. */
  tiles?: Tiles;
}

export type FusedSchedule = Record<Phase, Group[]>;

export interface FuseOptions {
  /** false: one group per node (the unfused reference the tests compare with). */
  fuse?: boolean;
}

export function fuse(g: Graph, sched: Schedule, options: FuseOptions = {}): FusedSchedule {
  const enabled = options.fuse !== false;
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const shapes = new Map<string, Shape>([...leaves(g), ...g.nodes].map((v) => [v.id, v.shape]));
  const shapeOf = (id: string) => shapes.get(id)!;
  const index = new Map<string, number>();
  const phaseOf = new Map<string, Phase>();
  let k = 0;
  for (const phase of PHASES) for (const n of sched[phase]) (index.set(n.id, k++), phaseOf.set(n.id, phase));
  const uses = new Map<string, number>();
  // (an operand giving only a shape is not a use: a broadcast's `like` may stay in its producer's loop)
  for (const n of g.nodes) n.inputs.forEach((id, i) => leafRole(n, i, shapes.get(id)!) !== "unused" && uses.set(id, (uses.get(id) ?? 0) + 1));
  const results = new Set(resultIds(g));
  const assigned = new Set<string>();
  const byIndex = (a: Node, b: Node) => index.get(a.id)! - index.get(b.id)!;

  /** A value only `consumer`'s group reads, computed in the same phase: need not be stored. */
  const private_ = (m: Node | undefined, phase: Phase, shape: Shape): m is Node =>
    m !== undefined &&
    !assigned.has(m.id) &&
    !results.has(m.id) &&
    uses.get(m.id) === 1 &&
    phaseOf.get(m.id) === phase &&
    shapesEqual(m.shape, shape);

  /**
   * The root and every elementwise producer it can absorb, in schedule order, with the repeats
   * (broadcasts) the loop reads as indices of their sources: of one column shape per loop.
   */
  const grow = (root: Node, phase: Phase): Node[] => {
    const tree = new Map([[root.id, root]]);
    const stack = [root];
    let split: number | undefined;
    /** A repeat read in place, if it splits rows from columns (if at all) where the loop does. */
    const absorbs = (m: Node): boolean => {
      if (!readsInPlace(m, shapeOf)) return false;
      const source = shapeOf(m.inputs[0]!);
      const at = splitAxis(leafRole(m, 0, source), source, m.shape);
      if (at === undefined) return true;
      if (split !== undefined && split !== at) return false;
      split = at;
      return true;
    };
    while (stack.length > 0) {
      const n = stack.pop()!;
      n.inputs.forEach((id, i) => {
        // (a value with one use is reached once: no need to ask whether it is already in the tree)
        if (leafRole(n, i, shapeOf(id)) !== "same") return;
        const m = byId.get(id);
        if (private_(m, phase, root.shape) && (isElementwise(m) || absorbs(m))) (tree.set(id, m), stack.push(m));
      });
    }
    return [...tree.values()].sort(byIndex);
  };

  /** A product, or a kernel that stores each element once from a local: it can run an epilogue. */
  const leads = (m: Node): boolean => isGemm(m, shapeOf) || opDef(m).epilogue === true;

  /**
   * Whether a product (or a kernel with `epilogue`) can run the tail as its epilogue: every column
   * the tail reads is one row of the product (of the kernel's last axis), and it reads no per-row
   * factor (the kernel's tiles index columns, not rows).
   */
  const epilogueFits = (head: Node, tail: readonly Node[]): boolean => {
    const N = isGemm(head, shapeOf) ? gemmDims(head, shapeOf).N : head.shape[head.shape.length - 1];
    const fits = (role: LeafRole, id: string) => role === "same" || role === "scalar" || role === "unused" || (role === "column" && staticSize(shapeOf(id)) === N);
    return tail.every((n) => n.inputs.every((id, i) => fits(leafRole(n, i, shapeOf(id)), id)));
  };

  /** The latest matmul (or kernel with `epilogue`) among the tree's same-shape leaves that can lead its loop. */
  const headOf = (tail: Node[], phase: Phase): Node | undefined => {
    const root = tail[tail.length - 1];
    // (the tree's own nodes are elementwise: never a matmul)
    const candidates = tail.flatMap((n) => n.inputs.filter((id, i) => leafRole(n, i, shapeOf(id)) === "same").map((id) => byId.get(id)));
    return candidates
      .filter((m): m is Node => private_(m, phase, root.shape) && leads(m))
      .sort(byIndex)
      .pop();
  };

  const make = (kind: Group["kind"], phase: Phase, tail: Node[], head?: Node): Group => {
    const nodes = [...(head ? [head] : []), ...tail];
    const inGroup = new Set(nodes.map((n) => n.id));
    const reads = new Set<string>();
    for (const n of nodes) {
      n.inputs.forEach((id, i) => {
        if (!inGroup.has(id) && leafRole(n, i, shapeOf(id)) !== "unused") reads.add(id);
      });
    }
    const root = tail.length > 0 ? tail[tail.length - 1] : head!;
    return { kind, phase, id: root.id, head, tail, root, nodes, writes: [root.id], reads: [...reads] };
  };

  const groupFor = (n: Node, phase: Phase): Group => {
    if (!enabled) {
      if (isElementwise(n)) return make("elementwise", phase, [n]);
      return isGemm(n, shapeOf) ? make("gemm", phase, [], n) : make("kernel", phase, [], n);
    }
    if (isElementwise(n)) {
      const tail = grow(n, phase);
      const head = headOf(tail, phase);
      if (!head || !epilogueFits(head, tail)) return make("elementwise", phase, tail);
      return make(isGemm(head, shapeOf) ? "gemm" : "kernel", phase, tail, head);
    }
    return isGemm(n, shapeOf) ? make("gemm", phase, [], n) : make("kernel", phase, [], n);
  };

  let groups: Group[] = [];
  for (const phase of [...PHASES].reverse()) {
    for (const n of [...sched[phase]].reverse()) {
      if (assigned.has(n.id)) continue;
      const group = groupFor(n, phase);
      for (const m of group.nodes) assigned.add(m.id);
      groups.push(group);
    }
  }
  if (enabled) {
    const consumers = new Map<string, Node[]>();
    for (const n of g.nodes) for (const id of n.inputs) consumers.set(id, [...(consumers.get(id) ?? []), n]);
    groups = fuseReductions(groups, { shapeOf, index, phaseOf, results, consumers });
  }
  const anchor = (gr: Group) => index.get((gr.loss ?? gr.root).id)!;
  groups.sort((a, b) => anchor(a) - anchor(b));
  const fused: FusedSchedule = { forward: [], loss: [], backward: [] };
  for (const gr of groups) fused[gr.phase].push(gr);
  return fused;
}

/**
 * Checks the invariant: every node in one group, every read written before, no loss loop reading
 * its own loss (complete only when the loop ends), reduction and loss loops as fuse-reduction.ts
 * forms them. Tests call it.
 */
export function checkFusion(g: Graph, fused: FusedSchedule, views: ReadonlyMap<string, string> = new Map()): void {
  const shapes = new Map<string, Shape>([...leaves(g), ...g.nodes].map((v) => [v.id, v.shape]));
  const shapeOf = (id: string) => shapes.get(id)!;
  const written = new Set<string>(leaves(g).map((v) => v.id));
  // A view (a reshape the plan keeps in its input's memory) has no group: its reads are its base's.
  const seen = new Set<string>(views.keys());
  for (const phase of PHASES) {
    for (const gr of fused[phase]) {
      for (const id of gr.reads) {
        if (!written.has(views.get(id) ?? id)) throw new InternalError(`fusion: %${gr.id} reads %${id} before it is written`);
      }
      const { loss } = gr;
      if (loss && gr.nodes.some((n) => n.inputs.includes(loss.id))) throw new InternalError(`fusion: %${gr.id} reads %${loss.id} in the loop that sums it`);
      if (gr.kind === "reduction" || gr.kind === "loss") checkReductionLoop(gr, shapeOf);
      for (const n of gr.nodes) {
        if (seen.has(n.id)) throw new InternalError(`fusion: %${n.id} is in two groups`);
        seen.add(n.id);
      }
      for (const id of gr.writes) written.add(id);
    }
  }
  const missing = g.nodes.filter((n) => !seen.has(n.id));
  if (missing.length > 0) throw new InternalError(`fusion: %${missing[0].id} is in no group`);
}
