// validateSpec: raw spec data (JSON or builder output) → NormalizedSpec, or a SpecError naming the
// offending field(s). Stages run in order; each stage runs only on data the previous ones accepted.
import { type Issue, throwIfAny } from "./issues.ts";
import { checkNames, type NameClaim } from "./names.ts";
import { checkOutput, checkReferences, type Scope, topoSort } from "./graph-checks.ts";
import { checkLoss } from "./loss.ts";
import { graphNodes, type NodesResult, sequentialNodes, type SourcedNode } from "./nodes.ts";
import {
  dtypeSchema,
  maxBatchSchema,
  OPTIMIZER_COMMON_DEFAULTS,
  OPTIMIZER_DEFAULTS,
  type ParsedSpec,
  SPEC_DEFAULTS,
} from "./schema.ts";
import { inferShapes } from "./shapes.ts";
import { checkSizes } from "./sizes.ts";
import { type ParsedForm, parseStructure } from "./structure.ts";
import { listNames } from "./suggest.ts";
import type * as z from "zod";
import type { DType, NamedShape, NormalizedSpec, Optimizer, OptimizerSpec } from "./types.ts";
import { fallbackMessage, fromZodIssues } from "./zod-messages.ts";

export interface SpecOverrides {
  dtype?: DType;
  maxBatch?: number;
}

/** An override value, checked like the spec's own field; its messages say where it came from. */
function checkOverride<T>(key: string, schema: z.ZodType<T>, value: unknown, issues: Issue[]): T | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value, { error: fallbackMessage });
  if (result.success) return result.data;
  for (const issue of fromZodIssues(result.error.issues)) {
    issues.push({ path: [key], detail: `${issue.detail} (from the ${key} override)` });
  }
  return undefined;
}

function applyOverrides(spec: ParsedSpec, overrides: SpecOverrides): { dtype: DType; maxBatch: number } {
  const issues: Issue[] = [];
  const dtype = checkOverride("dtype", dtypeSchema, overrides.dtype, issues);
  const maxBatch = checkOverride("maxBatch", maxBatchSchema, overrides.maxBatch, issues);
  throwIfAny(issues);
  return {
    dtype: dtype ?? spec.dtype ?? SPEC_DEFAULTS.dtype,
    maxBatch: maxBatch ?? spec.maxBatch ?? SPEC_DEFAULTS.maxBatch,
  };
}

function namedShapes(record: Record<string, number[]>): NamedShape[] {
  return Object.entries(record).map(([name, shape]) => ({ name, shape: [...shape] }));
}

function buildNodes(parsed: ParsedForm, inputs: readonly NamedShape[]): NodesResult {
  if (parsed.form === "graph") return graphNodes(parsed.spec.nodes);
  if (inputs.length !== 1) {
    const detail = `a sequential spec ("layers") takes exactly one input, got ${inputs.length} (${listNames(inputs.map((i) => i.name))}); use the graph form ("nodes") for several`;
    return { nodes: [], issues: [{ path: ["inputs"], detail }] };
  }
  return sequentialNodes(parsed.spec.layers, inputs[0].name);
}

function nameClaims(inputs: NamedShape[], targets: NamedShape[], nodes: SourcedNode[]): NameClaim[] {
  return [
    ...inputs.map((i) => ({ name: i.name, path: ["inputs", i.name], autoNamed: false })),
    ...targets.map((t) => ({ name: t.name, path: ["targets", t.name], autoNamed: false })),
    ...nodes.map((n) => ({ name: n.body.name, path: n.namePath, autoNamed: n.autoNamed })),
  ];
}

export function validateSpec(raw: unknown, overrides: SpecOverrides = {}): NormalizedSpec {
  const parsed = parseStructure(raw);
  const spec = parsed.spec;
  const { dtype, maxBatch } = applyOverrides(spec, overrides);
  const inputs = namedShapes(spec.inputs);
  const targets = namedShapes(spec.targets);

  const built = buildNodes(parsed, inputs);
  throwIfAny([...built.issues, ...checkNames(nameClaims(inputs, targets, built.nodes))]);

  const scope: Scope = {
    inputs: new Set(inputs.map((i) => i.name)),
    targets: new Set(targets.map((t) => t.name)),
    nodes: new Map(built.nodes.map((n) => [n.body.name, n])),
  };
  const outputName = parsed.form === "graph" ? parsed.spec.output : built.nodes[built.nodes.length - 1].body.name;
  throwIfAny([
    ...checkReferences(built.nodes, scope),
    ...(parsed.form === "graph" ? checkOutput(outputName, scope) : []),
  ]);

  const { sorted, issues: cycleIssues } = topoSort(built.nodes, scope);
  throwIfAny(cycleIssues);

  const shaped = inferShapes(sorted, new Map(inputs.map((i) => [i.name, i.shape])));
  const outputSource = scope.nodes.get(outputName) as SourcedNode;
  const output = shaped.nodes.find((n) => n.name === outputName);
  const lossResult = checkLoss({
    loss: spec.loss,
    targets: new Map(targets.map((t) => [t.name, t.shape])),
    inputs: scope.inputs,
    output,
    outputSource,
  });
  const paths = new Map(built.nodes.map((n) => [n.body.name, n.path]));
  const sizeIssues =
    shaped.issues.length > 0
      ? []
      : checkSizes({ dtype, maxBatch, inputs, targets, nodes: shaped.nodes, paths, shapes: shaped.shapes });
  throwIfAny([...shaped.issues, ...lossResult.issues, ...sizeIssues]);

  return {
    name: spec.name,
    dtype,
    maxBatch,
    seed: spec.seed ?? SPEC_DEFAULTS.seed,
    inputs,
    targets,
    nodes: shaped.nodes,
    output: outputName,
    outputName: parsed.form === "graph" ? outputName : "out",
    loss: lossResult.loss as NonNullable<typeof lossResult.loss>,
    optimizer: normalizeOptimizer(spec.optimizer),
  };
}

/** Fills every optimizer default (OPTIMIZER_DEFAULTS); no optimizer means sgd with lr 0.01. */
function normalizeOptimizer(spec: OptimizerSpec | undefined): Optimizer {
  const given = spec ?? SPEC_DEFAULTS.optimizer;
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return { ...OPTIMIZER_COMMON_DEFAULTS, ...OPTIMIZER_DEFAULTS[given.type], ...defined } as Optimizer;
}
