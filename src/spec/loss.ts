// Loss rules: each term reads a node or input (default: the primary output) and names one target
// (the only one by default); built-in losses check shapes and dtypes against their target, losses
// that apply their own output transform get logits, and a custom loss is a per-sample scalar node.
import { formatShape, type Issue, type Path, quote } from "./issues.ts";
import type { SourcedNode } from "./nodes.ts";
import { LOSS_DEFAULTS, type ParsedSpec } from "./schema.ts";
import { sameShape } from "./shapes.ts";
import { didYouMean, listNames } from "./suggest.ts";
import type { LossName, NormalizedLossTerm, NormalizedNode, ValueDType } from "./types.ts";

type ParsedTerm = Exclude<ParsedSpec["loss"], unknown[]>;
type BuiltInTerm = Exclude<ParsedTerm, { type: "custom" }>;

/** Losses that apply an activation themselves (so the model must output logits). */
const BUILT_IN_ACTIVATION: Partial<Record<LossName, "softmax" | "sigmoid">> = {
  softmaxCrossEntropy: "softmax",
  sparseSoftmaxCrossEntropy: "softmax",
  sigmoidCrossEntropy: "sigmoid",
};

export interface LossContext {
  loss: ParsedSpec["loss"];
  /** Target names in spec order. */
  targets: readonly string[];
  inputs: ReadonlySet<string>;
  nodes: ReadonlyMap<string, SourcedNode>;
  /** Shape and dtype of every input, target and node whose shape could be inferred. */
  values: ReadonlyMap<string, { shape: number[]; dtype: ValueDType }>;
  /** The normalized nodes, by name. */
  normalized: ReadonlyMap<string, NormalizedNode>;
  /** The primary output: what a term reads by default. */
  primary: string;
}

export interface LossResult {
  loss: NormalizedLossTerm[];
  issues: Issue[];
}

export function checkLoss(ctx: LossContext): LossResult {
  const issues: Issue[] = [];
  const terms = Array.isArray(ctx.loss) ? ctx.loss : [ctx.loss];
  const loss = terms.map((term, i) => {
    const base: Path = Array.isArray(ctx.loss) ? ["loss", i] : ["loss"];
    const weight = term.weight ?? LOSS_DEFAULTS.weight;
    return term.type === "custom"
      ? checkCustom(ctx, term.node, weight, base, issues)
      : checkBuiltIn(ctx, term, weight, base, issues);
  });
  return { loss, issues };
}

function checkCustom(ctx: LossContext, node: string, weight: number, base: Path, issues: Issue[]): NormalizedLossTerm {
  const term: NormalizedLossTerm = { type: "custom", output: node, weight };
  const path = [...base, "node"];
  if (!ctx.nodes.has(node)) {
    issues.push({ path, detail: `${unknownValue(ctx, node, "a node")}` });
    return term;
  }
  const value = ctx.values.get(node);
  if (value === undefined) return term; // its shape could not be inferred: already reported
  if (value.dtype !== "float") {
    issues.push({ path, detail: `a custom loss needs floats, but ${quote(node)} is ${value.dtype}` });
  } else if (value.shape.length !== 0) {
    issues.push({
      path,
      detail: `a custom loss node must be a per-sample scalar (shape []; reduce it with "sum" or "mean"), but ${quote(node)} has shape ${formatShape(value.shape)}`,
    });
  }
  return term;
}

function checkBuiltIn(ctx: LossContext, term: BuiltInTerm, weight: number, base: Path, issues: Issue[]): NormalizedLossTerm {
  const type = term.type;
  const output = term.output ?? ctx.primary;
  const delta = lossDelta(term, base, issues);
  const target = resolveTarget(ctx, term.target, [...base, "target"], issues);
  const normalized: NormalizedLossTerm = { type, output, ...(target === undefined ? {} : { target }), weight, ...delta };
  if (term.output !== undefined && !ctx.nodes.has(output) && !ctx.inputs.has(output)) {
    issues.push({ path: [...base, "output"], detail: unknownValue(ctx, output, "a node or an input") });
    return normalized;
  }
  const out = ctx.values.get(output);
  const tgt = target === undefined ? undefined : ctx.values.get(target);
  if (out === undefined || tgt === undefined || target === undefined) return normalized;

  const outputPath = term.output === undefined ? base : [...base, "output"];
  if (out.dtype !== "float") {
    issues.push({ path: outputPath, detail: `loss "${type}" needs floats, but ${quote(output)} is ${out.dtype}` });
    return normalized;
  }
  if (type === "sparseSoftmaxCrossEntropy") {
    checkSparse(output, out.shape, target, tgt, base, issues);
  } else if (tgt.dtype !== "float") {
    issues.push({
      path: [...base, "target"],
      detail: `loss "${type}" needs floats, but target ${quote(target)} is ${tgt.dtype}${type === "softmaxCrossEntropy" ? ` (class indices need "sparseSoftmaxCrossEntropy")` : ""}`,
    });
  } else if (!sameShape(out.shape, tgt.shape)) {
    issues.push({
      path: base,
      detail: `output ${quote(output)} has shape ${formatShape(out.shape)} but target ${quote(target)} has shape ${formatShape(tgt.shape)}`,
    });
  }
  if ((type === "softmaxCrossEntropy" || type === "sparseSoftmaxCrossEntropy") && out.shape.length === 0) {
    issues.push({
      path: [...base, "type"],
      detail: `${type} acts on the last axis, but output ${quote(output)} has shape [] (no axes)`,
    });
  }
  const fn = Object.hasOwn(BUILT_IN_ACTIVATION, type) ? BUILT_IN_ACTIVATION[type] : undefined;
  const node = ctx.normalized.get(output);
  const source = ctx.nodes.get(output);
  const fnPath = fn === undefined || node === undefined || source === undefined ? undefined : finalActivationPath(node, source, fn);
  if (fn !== undefined && fnPath !== undefined) {
    issues.push({
      path: fnPath,
      detail: `the output ${quote(output)} ends in ${fn}, but loss "${type}" applies ${fn} itself; the last layer must output logits (use "identity" or remove the ${fn})`,
    });
  }
  return normalized;
}

/** Class indices: an int32 target whose shape is the logits' shape without the last axis. */
function checkSparse(
  output: string,
  logits: number[],
  target: string,
  tgt: { shape: number[]; dtype: ValueDType },
  base: Path,
  issues: Issue[],
): void {
  if (tgt.dtype !== "int32") {
    issues.push({
      path: [...base, "target"],
      detail: `sparseSoftmaxCrossEntropy needs an int32 target of class indices, but target ${quote(target)} is ${tgt.dtype} (declare it as { "shape": ${formatShape(tgt.shape)}, "dtype": "int32" })`,
    });
    return;
  }
  if (logits.length === 0) return; // reported by the rank check
  const expected = logits.slice(0, -1);
  if (!sameShape(expected, tgt.shape)) {
    issues.push({
      path: base,
      detail: `sparseSoftmaxCrossEntropy needs a target of shape ${formatShape(expected)} (the output ${quote(output)} ${formatShape(logits)} without its last axis), but target ${quote(target)} has shape ${formatShape(tgt.shape)}`,
    });
  }
}

function resolveTarget(ctx: LossContext, given: string | undefined, path: Path, issues: Issue[]): string | undefined {
  const names = ctx.targets;
  if (given === undefined) {
    if (names.length === 1) return names[0];
    issues.push({ path, detail: `required when there are several targets (${listNames(names)})` });
    return undefined;
  }
  if (names.includes(given)) return given;
  const why = ctx.inputs.has(given)
    ? `${quote(given)} is an input, not a target`
    : `unknown target ${quote(given)}${didYouMean(given, names)}`;
  issues.push({ path, detail: `${why} (targets: ${listNames(names)})` });
  return undefined;
}

/** Why `name` is not what the field needs: a target, an input (where only nodes will do) or unknown. */
function unknownValue(ctx: LossContext, name: string, what: string): string {
  if (ctx.targets.includes(name)) return `${quote(name)} is a target; expected ${what}`;
  if (ctx.inputs.has(name)) return `${quote(name)} is an input; expected ${what}`;
  const known = [...(what.includes("input") ? ctx.inputs : []), ...ctx.nodes.keys()];
  return `unknown node ${quote(name)}${didYouMean(name, known)} (known: ${listNames(known)})`;
}

/** Where the output applies `fn` as its last step, if it does: the field to change. */
function finalActivationPath(node: NormalizedNode, source: SourcedNode, fn: string): Path | undefined {
  if ((node.kind === "dense" || node.kind === "conv2d" || node.kind === "conv1d" || node.kind === "depthwiseConv2d") && node.activation.type === fn) return [...source.path, "activation"];
  if (node.kind === "activation" && node.activation.type === fn) return [...source.path, "type"];
  return undefined;
}

/** huber's delta, default filled; `delta` is only allowed with huber. */
function lossDelta(term: BuiltInTerm, base: Path, issues: Issue[]): { delta?: number } {
  if (term.type === "huber") return { delta: term.delta ?? LOSS_DEFAULTS.huber.delta };
  if (term.delta !== undefined) {
    issues.push({ path: [...base, "delta"], detail: `delta is only allowed with huber, not with ${quote(term.type)}` });
  }
  return {};
}
