// Refuses absurd models before anything is allocated: parameters and per-batch activations must
// each fit in MAX_ELEMENTS (2^28) elements (constants count as per-sample values: an upper bound).
import { type Issue, type Path, quote } from "./issues.ts";
import type { SourcedNode } from "./nodes.ts";
import { MAX_ELEMENTS } from "./schema.ts";
import { sizeOf } from "./shapes.ts";
import type { DType, NamedShape, NormalizedNode } from "./types.ts";

export interface SizeInput {
  dtype: DType;
  maxBatch: number;
  inputs: readonly NamedShape[];
  targets: readonly NamedShape[];
  nodes: readonly NormalizedNode[];
  /** Where each node is defined, by name. */
  paths: ReadonlyMap<string, SourcedNode["path"]>;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "more than 1e308";
  return n < 1e15 ? n.toLocaleString("en-US") : n.toExponential(2);
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (!Number.isFinite(value) || value >= 1024) return `${formatCount(bytes)} bytes`;
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

const LIMIT = `the limit is ${formatCount(MAX_ELEMENTS)} (2^28) elements`;

function needs(elements: number, dtype: DType): string {
  return `${formatCount(elements)} elements (${formatBytes(elements * (dtype === "f64" ? 8 : 4))} as ${dtype})`;
}

/** Parameters a node owns (the shapes of the compiler's parameters, counted). */
export function paramCount(node: NormalizedNode, shapeOf: (name: string) => number[]): number {
  const last = (name: string) => shapeOf(name).at(-1) ?? 1;
  switch (node.kind) {
    case "dense":
      return last(node.input) * node.units + (node.useBias ? node.units : 0);
    case "conv2d":
    case "conv1d":
      return node.kernelSize.reduce((p, k) => p * k, last(node.input)) * node.filters + (node.useBias ? node.filters : 0);
    case "depthwiseConv2d":
      return (node.kernelSize.reduce((p, k) => p * k, 1) + (node.useBias ? 1 : 0)) * last(node.input) * node.depthMultiplier;
    case "layerNormalization":
    case "batchNormalization":
      return shapeOf(node.input)[node.axis] * ((node.center ? 1 : 0) + (node.scale ? 1 : 0));
    case "embedding":
      return node.inputDim * node.outputDim;
    case "multiHeadAttention": {
      const heads = node.numHeads * node.keyDim;
      const [dq, dv] = [last(node.query), last(node.value)];
      const kernels = heads * (dq + 2 * dv) + heads * dq;
      return kernels + (node.useBias ? 3 * heads + dq : 0);
    }
    default:
      return 0;
  }
}

export function checkSizes(input: SizeInput): Issue[] {
  const issues: Issue[] = [];
  let params = 0;
  let largest: { node: NormalizedNode; count: number } | undefined;
  const shapes = new Map([...input.inputs, ...input.targets, ...input.nodes].map((v) => [v.name, v.shape]));
  for (const node of input.nodes) {
    const count = paramCount(node, (name) => shapes.get(name) ?? []);
    params += count;
    if (count > 0 && (largest === undefined || count > largest.count)) largest = { node, count };
  }
  if (params > MAX_ELEMENTS && largest !== undefined) {
    const where = input.paths.get(largest.node.name) ?? [];
    const path: Path = largest.node.kind === "dense" ? [...where, "units"] : largest.node.kind === "conv2d" || largest.node.kind === "conv1d" ? [...where, "filters"] : largest.node.kind === "depthwiseConv2d" ? [...where, "depthMultiplier"] : where;
    const detail = `the parameters would need ${needs(params, input.dtype)}; ${LIMIT} (the largest layer, ${quote(largest.node.name)}, has ${formatCount(largest.count)})`;
    issues.push({ path, detail });
  }
  const perSample = [...input.inputs, ...input.targets, ...input.nodes].reduce((n, t) => n + sizeOf(t.shape), 0);
  const activations = perSample * input.maxBatch;
  if (activations > MAX_ELEMENTS) {
    issues.push({
      path: ["maxBatch"],
      detail: `inputs, targets and activations for a batch of ${input.maxBatch} would need ${needs(activations, input.dtype)}; ${LIMIT}; lower maxBatch or the layer sizes`,
    });
  }
  return issues;
}
