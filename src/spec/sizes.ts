// Refuses absurd models before anything is allocated: parameters and per-batch activations must
// each fit in MAX_ELEMENTS (2^28) elements.
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
  shapes: ReadonlyMap<string, number[]>;
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

function denseParams(node: NormalizedNode, shapes: ReadonlyMap<string, number[]>): number {
  if (node.kind !== "dense") return 0;
  const inSize = sizeOf(shapes.get(node.input) ?? []);
  return inSize * node.units + (node.useBias ? node.units : 0);
}

export function checkSizes(input: SizeInput): Issue[] {
  const issues: Issue[] = [];
  let params = 0;
  let largest: { node: NormalizedNode; count: number } | undefined;
  for (const node of input.nodes) {
    const count = denseParams(node, input.shapes);
    params += count;
    if (count > 0 && (largest === undefined || count > largest.count)) largest = { node, count };
  }
  if (params > MAX_ELEMENTS && largest !== undefined) {
    const path: Path = [...(input.paths.get(largest.node.name) ?? []), "units"];
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
