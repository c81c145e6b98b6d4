// Both spec forms turned into one list of nodes in graph-node form (a sequential layer reads the
// previous layer through `input`), each remembering where it was written so later checks can
// point at the field to fix. Defaults and shapes come later (shapes.ts).
import type { Issue, Path } from "./issues.ts";
import type { ParsedGraphSpec, ParsedSequentialSpec } from "./schema.ts";

export type ParsedNode = ParsedGraphSpec["nodes"][string];

/** A name read by a node, and the field that names it. */
export interface Ref {
  name: string;
  path: Path;
}

export interface SourcedNode {
  name: string;
  /** The node as written (a layer gets `input`: the previous layer, or the spec's input). */
  spec: ParsedNode;
  /** Where the node is defined: ["layers", 0] or ["nodes", "h1"]. */
  path: Path;
  /** Where its name comes from: the record key, the layer's `name`, or the layer itself if automatic. */
  namePath: Path;
  autoNamed: boolean;
  /** The values the node reads, in operand order. */
  refs: Ref[];
}

export interface NodesResult {
  nodes: SourcedNode[];
  issues: Issue[];
}

/** Layers chained in order from the single input; unnamed layers become dense1, dense2, tanh1, ... */
export function sequentialNodes(layers: ParsedSequentialSpec["layers"], inputName: string): NodesResult {
  const ordinals = new Map<string, number>();
  const nodes: SourcedNode[] = [];
  let previous = inputName;
  layers.forEach((layer, i) => {
    const path: Path = ["layers", i];
    const ordinal = (ordinals.get(layer.type) ?? 0) + 1;
    ordinals.set(layer.type, ordinal);
    const { name: given, ...fields } = layer;
    const autoNamed = given === undefined;
    const name = given ?? `${layer.type}${ordinal}`;
    nodes.push({
      name,
      spec: { ...fields, input: previous } as ParsedNode,
      path,
      namePath: autoNamed ? path : [...path, "name"],
      autoNamed,
      refs: [{ name: previous, path }],
    });
    previous = name;
  });
  return { nodes, issues: [] };
}

/** Nodes in the order the spec lists them; names are the record keys. */
export function graphNodes(specNodes: ParsedGraphSpec["nodes"]): NodesResult {
  const issues: Issue[] = [];
  const nodes = Object.entries(specNodes).map(([name, node]): SourcedNode => {
    const path: Path = ["nodes", name];
    return { name, spec: node, path, namePath: path, autoNamed: false, refs: graphRefs(node, path, issues) };
  });
  return { nodes, issues };
}

function graphRefs(node: ParsedNode, path: Path, issues: Issue[]): Ref[] {
  const list = (names: readonly string[]) => names.map((name, i) => ({ name, path: [...path, "inputs", i] }));
  if (node.type === "constant") return [];
  if (node.type === "multiHeadAttention") {
    if (node.input !== undefined && node.inputs !== undefined) {
      issues.push({
        path: [...path, "inputs"],
        detail: `give either "input" (self-attention) or "inputs": [query, value], not both`,
      });
      return [];
    }
    if (node.input !== undefined) return [{ name: node.input, path: [...path, "input"] }];
    if (node.inputs !== undefined) return list(node.inputs);
    issues.push({
      path: [...path, "input"],
      detail: `missing; expected "input" (self-attention) or "inputs": [query, value]`,
    });
    return [];
  }
  if ("inputs" in node) return list(node.inputs);
  return [{ name: node.input, path: [...path, "input"] }];
}

