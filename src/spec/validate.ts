// validateSpec: raw spec data (JSON or builder output) → NormalizedSpec, or a SpecError naming the
// offending field(s). Stages run in order; each stage runs only on data the previous ones accepted.
import { type Issue, throwIfAny } from "./issues.ts";
import { checkNames, type NameClaim } from "./names.ts";
import {
  checkOutputs,
  checkReferences,
  checkTargetFree,
  type OutputRef,
  type Scope,
  topoSort,
} from "./graph-checks.ts";
import { checkLoss } from "./loss.ts";
import { graphNodes, type NodesResult, sequentialNodes, type SourcedNode } from "./nodes.ts";
import {
  dtypeSchema,
  targetSchema,
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
import type { DType, Target, NamedShape, NormalizedSpec, Optimizer, OptimizerSpec, ShapeSpec } from "./types.ts";
import { fallbackMessage, fromZodIssues } from "./zod-messages.ts";

export interface SpecOverrides {
  dtype?: DType;
  target?: Target;
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

function applyOverrides(spec: ParsedSpec, overrides: SpecOverrides): { dtype: DType; target: Target; maxBatch: number } {
  const issues: Issue[] = [];
  const dtype = checkOverride("dtype", dtypeSchema, overrides.dtype, issues);
  const target = checkOverride("target", targetSchema, overrides.target, issues);
  const maxBatch = checkOverride("maxBatch", maxBatchSchema, overrides.maxBatch, issues);
  throwIfAny(issues);
  return {
    dtype: dtype ?? spec.dtype ?? SPEC_DEFAULTS.dtype,
    target: target ?? spec.target ?? SPEC_DEFAULTS.target,
    maxBatch: maxBatch ?? spec.maxBatch ?? SPEC_DEFAULTS.maxBatch,
  };
}

function namedShapes(record: Record<string, ShapeSpec>): NamedShape[] {
  return Object.entries(record).map(([name, value]) =>
    Array.isArray(value)
      ? { name, shape: [...value], dtype: "float" as const }
      : { name, shape: [...value.shape], dtype: value.dtype ?? ("float" as const) },
  );
}

/** The outputs and the fields that name them; the first is the primary output. */
function outputRefs(parsed: ParsedForm, nodes: readonly SourcedNode[]): OutputRef[] {
  if (parsed.form === "sequential") return [{ name: nodes[nodes.length - 1].name, path: ["layers", nodes.length - 1] }];
  const output = parsed.spec.output;
  if (typeof output === "string") return [{ name: output, path: ["output"] }];
  return output.map((name, i) => ({ name, path: ["output", i] }));
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
    ...nodes.map((n) => ({ name: n.name, path: n.namePath, autoNamed: n.autoNamed })),
  ];
}

export function validateSpec(raw: unknown, overrides: SpecOverrides = {}): NormalizedSpec {
  const parsed = parseStructure(raw);
  const spec = parsed.spec;
  const { dtype, target, maxBatch } = applyOverrides(spec, overrides);
  const inputs = namedShapes(spec.inputs);
  const targets = namedShapes(spec.targets);

  const built = buildNodes(parsed, inputs);
  throwIfAny([...built.issues, ...checkNames(nameClaims(inputs, targets, built.nodes))]);

  const scope: Scope = {
    inputs: new Set(inputs.map((i) => i.name)),
    targets: new Set(targets.map((t) => t.name)),
    nodes: new Map(built.nodes.map((n) => [n.name, n])),
  };
  const outputs = outputRefs(parsed, built.nodes);
  throwIfAny([
    ...checkReferences(built.nodes, scope),
    ...(parsed.form === "graph" ? checkOutputs(outputs, scope) : []),
  ]);

  const { sorted, issues: cycleIssues } = topoSort(built.nodes, scope);
  throwIfAny(cycleIssues);
  throwIfAny(checkTargetFree(outputs, scope));

  const shaped = inferShapes(sorted, [...inputs, ...targets]);
  const primary = outputs[0].name;
  const lossResult = checkLoss({
    loss: spec.loss,
    targets: targets.map((t) => t.name),
    inputs: scope.inputs,
    nodes: scope.nodes,
    values: shaped.values,
    normalized: new Map(shaped.nodes.map((n) => [n.name, n])),
    primary,
  });
  const paths = new Map(built.nodes.map((n) => [n.name, n.path]));
  const sizeIssues =
    shaped.issues.length > 0 ? [] : checkSizes({ dtype, maxBatch, inputs, targets, nodes: shaped.nodes, paths });
  throwIfAny([...shaped.issues, ...lossResult.issues, ...sizeIssues]);

  const outputName = parsed.form === "graph" ? primary : "out";
  return {
    name: spec.name,
    dtype,
    target,
    maxBatch,
    seed: spec.seed ?? SPEC_DEFAULTS.seed,
    inputs,
    targets,
    nodes: shaped.nodes,
    output: primary,
    outputName,
    outputs: outputs.map((o, i) => ({ node: o.name, name: i === 0 ? outputName : o.name })),
    loss: lossResult.loss,
    optimizer: normalizeOptimizer(spec.optimizer),
  };
}

/** Fills every optimizer default (OPTIMIZER_DEFAULTS); no optimizer means sgd with lr 0.01. */
function normalizeOptimizer(spec: OptimizerSpec | undefined): Optimizer {
  const given = spec ?? SPEC_DEFAULTS.optimizer;
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  return { ...OPTIMIZER_COMMON_DEFAULTS, ...OPTIMIZER_DEFAULTS[given.type], ...defined } as Optimizer;
}
