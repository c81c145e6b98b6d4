// Both spec forms turned into one list of nodes (defaults filled, still unsorted and unshaped),
// each remembering where it was written so later checks can point at the field to fix.
import { type Issue, type Path, quote } from "./issues.ts";
import { type ParsedGraphSpec, type ParsedSequentialSpec, SPEC_DEFAULTS } from "./schema.ts";
import {
  type Activation,
  ACTIVATION_ALPHA_DEFAULTS,
  type ActivationName,
  type DenseLayerSpec,
  type InitializerName,
  type NormalizedNode,
} from "./types.ts";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A normalized node before shape inference. */
export type NodeBody = DistributiveOmit<NormalizedNode, "shape">;

/** A name read by a node, and the field that names it. */
export interface Ref {
  name: string;
  path: Path;
}

export interface SourcedNode {
  body: NodeBody;
  /** Where the node is defined: ["layers", 0] or ["nodes", "h1"]. */
  path: Path;
  /** Where its name comes from: the record key, the layer's `name`, or the layer itself if automatic. */
  namePath: Path;
  autoNamed: boolean;
  refs: Ref[];
}

export interface NodesResult {
  nodes: SourcedNode[];
  issues: Issue[];
}

/** The normalized activation; `alpha` may only be given to (and is only filled for) leakyRelu and elu. */
export function activationOf(
  type: ActivationName,
  alpha: number | undefined,
  alphaPath: Path,
  issues: Issue[],
): Activation {
  const fallback = Object.hasOwn(ACTIVATION_ALPHA_DEFAULTS, type) ? ACTIVATION_ALPHA_DEFAULTS[type] : undefined;
  if (fallback === undefined) {
    if (alpha !== undefined) {
      issues.push({ path: alphaPath, detail: `alpha is only allowed with leakyRelu or elu, not with ${quote(type)}` });
    }
    return { type };
  }
  return { type, alpha: alpha ?? fallback };
}

type DenseFields = Omit<DenseLayerSpec, "type" | "name">;

/** He initialization suits relu-like activations (they zero half the inputs); Glorot the rest. */
const HE_ACTIVATIONS: readonly ActivationName[] = ["relu", "leakyRelu", "elu", "gelu", "silu", "swish"];
export function defaultKernelInitializer(activation: ActivationName): InitializerName {
  return HE_ACTIVATIONS.includes(activation) ? "heNormal" : "glorotUniform";
}

function denseBody(name: string, input: string, fields: DenseFields, path: Path, issues: Issue[]): NodeBody {
  const activationType = fields.activation ?? SPEC_DEFAULTS.activation;
  return {
    kind: "dense",
    name,
    input,
    units: fields.units,
    activation: activationOf(activationType, fields.alpha, [...path, "alpha"], issues),
    useBias: fields.useBias ?? SPEC_DEFAULTS.useBias,
    kernelInitializer: fields.kernelInitializer ?? defaultKernelInitializer(activationType),
    biasInitializer: fields.biasInitializer ?? "zeros",
  };
}

/** Layers chained in order from the single input; unnamed layers become dense1, dense2, tanh1, ... */
export function sequentialNodes(layers: ParsedSequentialSpec["layers"], inputName: string): NodesResult {
  const issues: Issue[] = [];
  const ordinals = new Map<string, number>();
  const nodes: SourcedNode[] = [];
  let previous = inputName;
  layers.forEach((layer, i) => {
    const path: Path = ["layers", i];
    const ordinal = (ordinals.get(layer.type) ?? 0) + 1;
    ordinals.set(layer.type, ordinal);
    const autoNamed = layer.name === undefined;
    const name = layer.name ?? `${layer.type}${ordinal}`;
    const body: NodeBody =
      layer.type === "dense"
        ? denseBody(name, previous, layer, path, issues)
        : {
            kind: "activation",
            name,
            input: previous,
            activation: activationOf(layer.type, layer.alpha, [...path, "alpha"], issues),
          };
    nodes.push({
      body,
      path,
      namePath: autoNamed ? path : [...path, "name"],
      autoNamed,
      refs: [{ name: previous, path }],
    });
    previous = name;
  });
  return { nodes, issues };
}

/** Nodes in the order the spec lists them; names are the record keys. */
export function graphNodes(specNodes: ParsedGraphSpec["nodes"]): NodesResult {
  const issues: Issue[] = [];
  const nodes = Object.entries(specNodes).map(([name, node]): SourcedNode => {
    const path: Path = ["nodes", name];
    const common = { path, namePath: path, autoNamed: false };
    if (node.type === "add") {
      const refs = node.inputs.map((input, i) => ({ name: input, path: [...path, "inputs", i] }));
      return { ...common, body: { kind: "add", name, inputs: [...node.inputs] }, refs };
    }
    const refs = [{ name: node.input, path: [...path, "input"] }];
    if (node.type === "dense") return { ...common, body: denseBody(name, node.input, node, path, issues), refs };
    const activation = activationOf(node.type, node.alpha, [...path, "alpha"], issues);
    return { ...common, body: { kind: "activation", name, input: node.input, activation }, refs };
  });
  return { nodes, issues };
}
