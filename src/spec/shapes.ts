// Per-sample shape inference over the sorted nodes: dense → [units], activation → its input's
// shape, add → the common shape of its inputs. A node whose shape cannot be inferred is reported once.
import { formatShape, type Issue, quote } from "./issues.ts";
import type { NodeBody, SourcedNode } from "./nodes.ts";
import type { NormalizedNode } from "./types.ts";

export interface ShapeResult {
  nodes: NormalizedNode[];
  shapes: Map<string, number[]>;
  issues: Issue[];
}

/** `known` holds the input shapes; nodes must be topologically sorted. */
export function inferShapes(sorted: readonly SourcedNode[], known: ReadonlyMap<string, number[]>): ShapeResult {
  const shapes = new Map(known);
  const nodes: NormalizedNode[] = [];
  const issues: Issue[] = [];
  for (const node of sorted) {
    const shape = nodeShape(node, shapes, issues);
    if (shape === undefined) continue;
    shapes.set(node.body.name, shape);
    nodes.push(withShape(node.body, shape));
  }
  return { nodes, shapes, issues };
}

function withShape(body: NodeBody, shape: number[]): NormalizedNode {
  return { ...body, shape } as NormalizedNode;
}

function nodeShape(node: SourcedNode, shapes: ReadonlyMap<string, number[]>, issues: Issue[]): number[] | undefined {
  const inputs = node.refs.map((ref) => shapes.get(ref.name));
  if (inputs.some((s) => s === undefined)) return undefined; // an upstream problem, already reported
  const inShapes = inputs as number[][];
  const body = node.body;
  switch (body.kind) {
    case "dense": {
      const [input] = inShapes;
      if (input.length !== 1) {
        issues.push({
          path: node.refs[0].path,
          detail: `dense ${quote(body.name)} needs a rank-1 input, but ${quote(body.input)} has shape ${formatShape(input)}`,
        });
        return undefined;
      }
      return [body.units];
    }
    case "activation":
      return [...inShapes[0]];
    case "add": {
      const [first] = inShapes;
      const bad = inShapes.findIndex((s) => !sameShape(s, first));
      if (bad >= 0) {
        const [a, b] = [body.inputs[0], body.inputs[bad]];
        issues.push({
          path: [...node.path, "inputs"],
          detail: `cannot add ${a} ${formatShape(first)} and ${b} ${formatShape(inShapes[bad])}: add needs equal shapes`,
        });
        return undefined;
      }
      return [...first];
    }
  }
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
