// The inspector's data: every IR value with its kind, layer, formula, chain-rule term, storage and
// loop; every fused loop with its cost and its lines in the module; the arena buffers. Built from
// the compiler's own graph, plan and code comments, so the page says what the code says.
import type { CompiledModule } from "../../compiler/index.ts";
import { ancestors, formatShape, valueShapes, type Node } from "../../compiler/ir/graph.ts";
import { formatId } from "../../compiler/ir/syntax.ts";
import { ops } from "../../compiler/ops/index.ts";
import { describe } from "../../compiler/ops/describe.ts";
import { PHASES, type Group, type Phase } from "../../compiler/phases/4-plan/fuse.ts";
import { describeGroup } from "../../compiler/phases/4-plan/report.ts";
import type { Storage } from "../../compiler/phases/4-plan/plan.ts";
import { nodeComment } from "../../compiler/backends/js/emit/blocks.ts";
import { loopCost } from "./cost.ts";
import { loopLines, type LineRange } from "./code-lines.ts";

export type NodeKind = "input" | "target" | "param" | "forward" | "loss" | "backward" | "grad";

export interface PageNode {
  id: string;
  /** As printed in the IR: `%dense1.z`, `%12`. */
  label: string;
  kind: NodeKind;
  /** The graph view that draws it. */
  view: "forward" | "gradient";
  op: string;
  shape: string;
  layer: string;
  /** What the op computes, with the layer's names. */
  formula: string;
  /** Gradient nodes: the chain-rule term, as in the code comments. */
  rule?: string;
  /** Gradient results: the parameter whose ∂L/∂ it is. */
  gradOf?: string;
  inputs: string[];
  consumers: string[];
  /** Index into `loops`; none for inputs and parameters. */
  loop?: number;
  storage: string;
  /** Comment lines in the module naming this node. */
  own: number[];
}

export interface PageLoop {
  step: number;
  phase: Phase;
  kind: Group["kind"];
  label: string;
  root: string;
  nodes: string[];
  madds: number;
  bytes: number;
  /** Lines in the module: the block (comments and statement), and a kernel function it calls. */
  lines: LineRange[];
}

export interface PageBuffer {
  id: string;
  offset: number;
  length: number;
  start: number;
  /** null: kept to the end of the step. */
  end: number | null;
  phase: Phase;
  /** Why a kept buffer is kept: read by backward(), or a result (output, loss). */
  kept?: "backward" | "result";
}

export interface PageData {
  name: string;
  dtype: string;
  maxBatch: number;
  bytesPerElement: number;
  paramCount: number;
  nodes: PageNode[];
  loops: PageLoop[];
  buffers: PageBuffer[];
  /** Loops per phase, in order. */
  phaseSteps: Record<Phase, number>;
  memory: { arena: number; fused: number; naive: number };
  params: { name: string; shape: number[]; count: number; offset: number; init: string }[];
  /** For line n of the module (1-based), the index of the node it computes, or -1. */
  lineNode: number[];
  code: string;
}

export function pageData(name: string, m: CompiledModule): PageData {
  const g = m.graph;
  const plan = m.memoryPlan;
  const bpe = g.dtype === "f64" ? 8 : 4;
  const shapes = valueShapes(g);
  const forward = new Set(ancestors(g, [g.output, g.loss]).map((n) => n.id));
  const gradOf = new Map(g.grads.map((gr) => [gr.value, gr.param]));
  const targets = new Set(m.meta.inputs.filter((v) => v.role === "target").map((v) => v.id));
  const groups = PHASES.flatMap((phase) => plan.groups[phase]);
  const loopOf = new Map<string, number>();
  groups.forEach((gr, k) => gr.nodes.forEach((n) => loopOf.set(n.id, k)));
  const consumers = new Map<string, string[]>();
  for (const n of g.nodes) for (const id of n.inputs) consumers.set(id, [...(consumers.get(id) ?? []), n.id]);

  const { loops: ranges, copies } = loopLines(m.code, plan, g.updates?.length ?? 0);
  const totalLines = m.code.split("\n").length;
  const nodes: PageNode[] = [];
  const index = new Map<string, number>();
  const add = (n: PageNode) => (index.set(n.id, nodes.length), nodes.push(n));
  const valueNode = (id: string, kind: NodeKind, layer: string): PageNode => ({
    id,
    label: formatId(id),
    kind,
    view: "forward",
    op: kind,
    shape: formatShape(shapes.get(id)!),
    layer,
    formula: kind === "param" ? "trained parameter" : "passed in by the caller",
    inputs: [],
    consumers: consumers.get(id) ?? [],
    storage: storageText(id, plan.storage.get(id), bpe),
    own: [],
  });
  for (const v of g.inputs) add(valueNode(v.id, targets.has(v.id) ? "target" : "input", ""));
  const layerOfValue = (id: string) => (id.includes(".") ? id.slice(0, id.lastIndexOf(".")) : "");
  for (const p of g.params) add(valueNode(p.id, "param", layerOfValue(p.id)));
  // batch norm's moving statistics: read like parameters, updated after the loss, never trained
  for (const v of g.state ?? []) add({ ...valueNode(v.id, "param", layerOfValue(v.id)), formula: "state: kept between calls, updated by loss(), not trained" });
  for (const n of g.nodes) {
    const kind: NodeKind =
      n.id === g.loss ? "loss" : forward.has(n.id) ? "forward" : gradOf.has(n.id) ? "grad" : "backward";
    // (a view, a reshape the plan keeps in its input's memory, runs in no loop)
    const k = loopOf.get(n.id);
    const group = k === undefined ? undefined : groups[k]!;
    const comment = group ? nodeComment(n, group, group.phase === "backward" ? "rule" : "formula") : n.comment;
    const base = plan.views.get(n.id);
    const backward = kind === "backward" || kind === "grad";
    add({
      id: n.id,
      label: formatId(n.id),
      kind,
      view: backward ? "gradient" : "forward",
      op: n.op,
      shape: formatShape(n.shape),
      layer: layerOf(n),
      formula: describe(ops[n.op].doc, n),
      ...(backward ? { rule: comment } : {}),
      ...(gradOf.has(n.id) ? { gradOf: gradOf.get(n.id)! } : {}),
      inputs: [...n.inputs],
      consumers: consumers.get(n.id) ?? [],
      ...(k === undefined ? {} : { loop: k }),
      storage: base !== undefined ? `a view of ${formatId(base)}'s memory: the reshape moves no element` : storageText(n.id, plan.storage.get(n.id), bpe, k),
      own: k === undefined ? [] : ranges[k]!.comments.filter((c) => c.text === comment).map((c) => c.line),
    });
  }

  const lineNode = new Array<number>(totalLines + 1).fill(-1);
  const mark = (r: LineRange, node: number) => {
    for (let l = r.from; l <= r.to; l++) if (lineNode[l] === -1) lineNode[l] = node;
  };
  for (const n of nodes) for (const l of n.own) lineNode[l] = index.get(n.id)!;
  groups.forEach((gr, k) => {
    const r = ranges[k]!;
    mark(r, index.get(gr.root.id)!);
    if (r.kernel) mark(r.kernel, index.get(gr.root.id)!);
  });
  plan.gradCopies.forEach((c, i) => mark(copies[i]!, index.get(c.from)!));

  const costs = groups.map((gr) => loopCost(gr, (id) => shapes.get(id)!, m.meta.maxBatch));
  const loops: PageLoop[] = groups.map((gr, k) => ({
    step: k,
    phase: gr.phase,
    kind: gr.kind,
    label: describeGroup(gr),
    root: gr.root.id,
    nodes: gr.nodes.map((n) => n.id),
    madds: costs[k]!.madds,
    bytes: costs[k]!.elements * bpe,
    lines: [ranges[k]!, ...(ranges[k]!.kernel ? [ranges[k]!.kernel!] : [])].map(({ from, to }) => ({ from, to })),
  }));

  const results = new Set([g.output, g.loss]);
  const buffers: PageBuffer[] = plan.placements.map((p) => ({
    id: p.id,
    offset: p.offset,
    length: p.length,
    start: p.start,
    end: p.end === Infinity ? null : p.end,
    phase: groups[p.start]!.phase,
    ...(p.end === Infinity ? { kept: results.has(p.id) ? ("result" as const) : ("backward" as const) } : {}),
  }));

  const inits = new Map(m.meta.params.map((p) => [p.name, p.init]));
  return {
    name,
    dtype: g.dtype,
    maxBatch: m.meta.maxBatch,
    bytesPerElement: bpe,
    paramCount: m.layout.paramCount,
    nodes,
    loops,
    buffers,
    phaseSteps: { forward: plan.groups.forward.length, loss: plan.groups.loss.length, backward: plan.groups.backward.length },
    memory: { arena: plan.arenaSize, fused: plan.fusedSize, naive: plan.naiveSize },
    params: m.layout.params.map((p) => ({
      name: p.name,
      shape: p.shape,
      count: p.length,
      offset: p.offset,
      init: String(inits.get(p.name) ?? ""),
    })),
    lineNode,
    code: m.code,
  };
}

/** The spec layer a node comes from: its comment up to the chain-rule term. */
function layerOf(n: Node): string {
  const colon = n.comment.indexOf(": ");
  return colon < 0 ? n.comment : n.comment.slice(0, colon);
}

function storageText(
  id: string,
  s: Storage | undefined,
  bpe: number,
  loop?: number,
): string {
  if (!s) return `never stored: computed inside loop ${loop} and used there`;
  switch (s.kind) {
    case "input":
      return `the caller's array (argument ${s.index + 1})`;
    case "param":
      return "the flat parameter buffer";
    case "state":
      return "the model's state buffer (kept between calls, not trained)";
    case "grad":
      return `written straight into the gradient buffer of ${s.param}`;
    case "arena":
      return `arena [${s.offset}, ${s.offset + s.length}): ${s.length} elements, ${s.length * bpe} bytes at maxBatch`;
  }
}
