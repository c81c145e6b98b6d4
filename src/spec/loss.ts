// Loss rules: the loss names one target (the only one by default), the output has the target's
// shape, and losses that apply their own output transform get logits, not softmax/sigmoid outputs.
import { formatShape, type Issue, type Path, quote } from "./issues.ts";
import type { SourcedNode } from "./nodes.ts";
import { LOSS_DEFAULTS, type ParsedSpec } from "./schema.ts";
import { sameShape } from "./shapes.ts";
import { didYouMean, listNames } from "./suggest.ts";
import type { LossName, NormalizedNode } from "./types.ts";

/** Losses that apply an activation themselves (so the model must output logits). */
const BUILT_IN_ACTIVATION: Partial<Record<LossName, "softmax" | "sigmoid">> = {
  softmaxCrossEntropy: "softmax",
  sigmoidCrossEntropy: "sigmoid",
};

export interface LossContext {
  loss: ParsedSpec["loss"];
  targets: ReadonlyMap<string, number[]>;
  inputs: ReadonlySet<string>;
  /** The output node, undefined if its shape could not be inferred. */
  output: NormalizedNode | undefined;
  outputSource: SourcedNode;
}

export interface LossResult {
  loss?: { type: LossName; target: string; delta?: number };
  issues: Issue[];
}

function resolveTarget(ctx: LossContext): { target?: string; issue?: Issue } {
  const names = [...ctx.targets.keys()];
  const given = ctx.loss.target;
  const path: Path = ["loss", "target"];
  if (given === undefined) {
    if (names.length === 1) return { target: names[0] };
    return { issue: { path, detail: `required when there are several targets (${listNames(names)})` } };
  }
  if (ctx.targets.has(given)) return { target: given };
  const why = ctx.inputs.has(given)
    ? `${quote(given)} is an input, not a target`
    : `unknown target ${quote(given)}${didYouMean(given, names)}`;
  return { issue: { path, detail: `${why} (targets: ${listNames(names)})` } };
}

/** Where the output applies `fn` as its last step, if it does: the field to change. */
function finalActivationPath(node: NormalizedNode, source: SourcedNode, fn: string): Path | undefined {
  if (node.kind === "dense" && node.activation.type === fn) return [...source.path, "activation"];
  if (node.kind === "activation" && node.activation.type === fn) return [...source.path, "type"];
  return undefined;
}

/** huber's delta, default filled; `delta` is only allowed with huber. */
function lossParameters(loss: ParsedSpec["loss"], issues: Issue[]): { delta?: number } {
  if (loss.type === "huber") return { delta: loss.delta ?? LOSS_DEFAULTS.huber.delta };
  if (loss.delta !== undefined) {
    issues.push({ path: ["loss", "delta"], detail: `delta is only allowed with huber, not with ${quote(loss.type)}` });
  }
  return {};
}

export function checkLoss(ctx: LossContext): LossResult {
  const issues: Issue[] = [];
  const type = ctx.loss.type;
  const parameters = lossParameters(ctx.loss, issues);
  const { target, issue } = resolveTarget(ctx);
  if (issue) issues.push(issue);
  const output = ctx.output;
  if (output === undefined || target === undefined) return { issues };

  const targetShape = ctx.targets.get(target) ?? [];
  if (!sameShape(output.shape, targetShape)) {
    issues.push({
      path: ["loss"],
      detail: `output ${quote(output.name)} has shape ${formatShape(output.shape)} but target ${quote(target)} has shape ${formatShape(targetShape)}`,
    });
  }
  if (type === "softmaxCrossEntropy" && output.shape.length !== 1) {
    issues.push({
      path: ["loss", "type"],
      detail: `softmaxCrossEntropy needs a rank-1 output, but output ${quote(output.name)} has shape ${formatShape(output.shape)}`,
    });
  }
  const fn = Object.hasOwn(BUILT_IN_ACTIVATION, type) ? BUILT_IN_ACTIVATION[type] : undefined;
  const fnPath = fn === undefined ? undefined : finalActivationPath(output, ctx.outputSource, fn);
  if (fn !== undefined && fnPath !== undefined) {
    issues.push({
      path: fnPath,
      detail: `the output ${quote(output.name)} ends in ${fn}, but loss "${type}" applies ${fn} itself; the last layer must output logits (use "identity" or remove the ${fn})`,
    });
  }
  return { loss: { type, target, ...parameters }, issues };
}
