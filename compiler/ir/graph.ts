// The IR: a flat SSA graph of primitive ops with static shapes. Every value is defined once
// (an input, a parameter or a node) before it is used; `n` is the symbolic batch dimension.
import type { OpName } from "../ops/index.ts";

/** The model's float type: parameters, activations and gradients. */
export type DType = "f32" | "f64";
/** A value's element type: the model's float type, or i32 for indices (never differentiated). */
export type ElementType = DType | "i32";
/** A dimension: a compile-time constant, or "n", the batch size chosen at call time. */
export type Dim = number | "n";
export type Shape = readonly Dim[];
/** An attribute: a number, or a list of numbers (axes, a permutation, a shape, a constant's values). */
export type AttrValue = number | readonly number[];
export type Attrs = Readonly<Record<string, AttrValue>>;

/** A value as seen by users of the builder: its SSA name and shape. */
export interface Value {
  readonly id: string;
  readonly shape: Shape;
  /** Set only for integer values; absent means the graph's float dtype. */
  readonly dtype?: "i32";
}

export interface Node extends Value {
  readonly op: OpName;
  readonly inputs: readonly string[];
  readonly attrs: Attrs;
  /** The spec layer this node implements, and for gradient nodes the chain-rule term. */
  readonly comment: string;
}

/** A state value's new content, written once the loss is computed (training mode). */
export interface StateUpdate {
  readonly state: string;
  readonly value: string;
}

export interface GradOutput {
  readonly param: string;
  readonly value: string;
}

export interface Graph {
  readonly name: string;
  readonly dtype: DType;
  /** Data the caller passes in: inputs then targets, leading dimension n. */
  readonly inputs: readonly Value[];
  /** Trainable parameters, static shapes, in layout order. */
  readonly params: readonly Value[];
  /**
   * Values the model keeps between calls but does not train (a batch norm's moving statistics), in
   * layout order; read like parameters, never differentiated. Absent: none.
   */
  readonly state?: readonly Value[];
  /** State written after the loss in training mode: `state` ← `value`. Absent: none. */
  readonly updates?: readonly StateUpdate[];
  readonly nodes: readonly Node[];
  /** The model output (after the loss's own output transform, e.g. softmax). */
  readonly output: string;
  /** Further outputs the forward pass keeps (an embedding beside the logits); absent: none. */
  readonly extraOutputs?: readonly string[];
  readonly loss: string;
  /** ∂loss/∂param for every parameter, after autodiff; empty for a forward graph. */
  readonly grads: readonly GradOutput[];
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/** A value's element type: i32 when marked, else the graph's float type. */
export function elementType(g: Pick<Graph, "dtype">, v: Pick<Value, "dtype">): ElementType {
  return v.dtype ?? g.dtype;
}

/** Number of elements, with n replaced by `batch`. */
export function shapeSize(shape: Shape, batch: number): number {
  return shape.reduce<number>((acc, d) => acc * (d === "n" ? batch : d), 1);
}

/** Every value id defined in the graph mapped to its shape. */
export function valueShapes(g: Graph): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const v of [...leaves(g), ...g.nodes]) shapes.set(v.id, v.shape);
  return shapes;
}

/** Every output the forward pass computes: the model output first, then the extra ones. */
export function outputIds(g: Pick<Graph, "output" | "extraOutputs">): string[] {
  return [g.output, ...(g.extraOutputs ?? [])];
}

/** Ids of the graph's results: outputs, loss, state updates and gradients. */
export function resultIds(g: Graph): string[] {
  return [...outputIds(g), g.loss, ...updateIds(g), ...g.grads.map((gr) => gr.value)];
}

/** The values written into state after the loss. */
export function updateIds(g: Pick<Graph, "updates">): string[] {
  return (g.updates ?? []).map((u) => u.value);
}

/** Every value defined before the nodes: inputs, parameters, state. */
export function leaves(g: Pick<Graph, "inputs" | "params" | "state">): Value[] {
  return [...g.inputs, ...g.params, ...(g.state ?? [])];
}

/** The nodes `targets` depend on, in graph order. */
export function ancestors(g: Graph, targets: readonly string[]): Node[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const needed = new Set<string>();
  const stack = [...targets];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    const node = byId.get(id);
    if (node) stack.push(...node.inputs);
  }
  return g.nodes.filter((n) => needed.has(n.id));
}
