// The loss: a weighted sum of terms, each a graph of primitives (the planner runs a loss's sum and
// its gradient in one loop) or a custom node averaged over the batch; and the model output after
// the loss's own transform (softmax or sigmoid probabilities when a cross-entropy reads the logits).
import type { GraphBuilder } from "../../ir/builder.ts";
import type { Value } from "../../ir/graph.ts";
import type { NormalizedLossTerm, NormalizedSpec } from "../../../src/spec/types.ts";
import type { OpName } from "../../ops/index.ts";

const OUTPUT_TRANSFORM: Partial<Record<NormalizedLossTerm["type"], OpName>> = {
  softmaxCrossEntropy: "softmax",
  sparseSoftmaxCrossEntropy: "softmax",
  sigmoidCrossEntropy: "sigmoid",
};

export function lowerLoss(b: GraphBuilder, spec: NormalizedSpec, get: (name: string) => Value): { output: Value; loss: Value } {
  b.comment = "loss";
  // The output transform first: a softmax cross-entropy then reads log Σ exp off it (3-optimize/lse-from-softmax.ts).
  const z = get(spec.output);
  const transformed = spec.loss.find((t) => t.output === spec.output && OUTPUT_TRANSFORM[t.type]);
  const output = transformed ? b.apply(OUTPUT_TRANSFORM[transformed.type]!, [z], {}, "output") : z;
  const single = spec.loss.length === 1;
  const weighted = spec.loss.map((term, i) => {
    const last = single && term.weight === 1;
    const value = lossTerm(b, term, get, last ? "loss" : `loss.${i + 1}`);
    if (term.weight === 1) return value;
    return b.apply("affine", [value], { scale: term.weight, shift: 0 }, single ? "loss" : `loss.${i + 1}.weighted`);
  });
  const [first, ...rest] = weighted;
  const loss = rest.reduce((sum, t, i) => b.apply("add", [sum, t], {}, i === rest.length - 1 ? "loss" : undefined), first);
  return { output, loss };
}

function lossTerm(b: GraphBuilder, term: NormalizedLossTerm, get: (name: string) => Value, id: string): Value {
  const z = get(term.output);
  if (term.type === "custom") return b.apply("reduce_mean", [z], { axes: [0] }, id);
  const y = get(term.target!);
  if (term.type === "sparseSoftmaxCrossEntropy") {
    const classes = z.shape[z.shape.length - 1] as number;
    return lowerLossFunction(b, "softmaxCrossEntropy", z, b.apply("one_hot", [y], { depth: classes }, `${term.target}.oneHot`), id, term.delta);
  }
  return lowerLossFunction(b, term.type, z, y, id, term.delta);
}

export type LossFunction = Exclude<NormalizedLossTerm["type"], "custom" | "sparseSoftmaxCrossEntropy">;

/**
 * A loss of prediction z against target y as primitives, its mean value named `id`:
 *   mse            mean((z − y)²)
 *   mae            mean(|z − y|)                      (∂/∂z = sign(z − y)/N: 0 where z = y)
 *   huber          mean(½q² + δ·r), r = max(|z − y| − δ, 0), q = |z − y| − r = min(|z − y|, δ)
 *   sigmoid xent   mean(softplus(z) − z·y), softplus(z) = max(z, 0) + log(1 + e^−|z|) (stable)
 *   softmax xent   mean over rows of lse(z)·Σⱼyⱼ − Σⱼ yⱼ·zⱼ = −Σⱼ yⱼ·log softmax(z)ⱼ, lse stable
 */
export function lowerLossFunction(b: GraphBuilder, type: LossFunction, z: Value, y: Value, id: string, delta = 1): Value {
  const mean = (e: Value) => (e.shape.length === 0 ? e : b.apply("reduce_mean", [e], { axes: e.shape.map((_, i) => i) }, id));
  const at = (part: string) => `${id}.${part}`;
  const error = () => b.apply("sub", [z, y], {}, at("error"));
  switch (type) {
    case "mse":
      return mean(b.apply("square", [error()], {}, at("squared")));
    case "meanAbsoluteError":
      return mean(b.apply("abs", [error()], {}, at("absolute")));
    case "huber": {
      const a = b.apply("abs", [error()], {}, at("absolute"));
      const r = b.apply("relu", [b.affine(a, 1, -delta)], {}, at("beyondDelta"));
      const q = b.apply("sub", [a, r], {}, at("withinDelta"));
      return mean(b.add(b.affine(b.apply("square", [q]), 0.5, 0), b.affine(r, delta, 0)));
    }
    case "sigmoidCrossEntropy":
      return mean(b.apply("sub", [b.apply("softplus", [z], {}, at("softplus")), b.mul(z, y)], {}, at("perElement")));
    case "softmaxCrossEntropy": {
      const last = [z.shape.length - 1];
      const lse = b.apply("logsumexp", [z], {}, at("logSumExp"));
      const sumY = b.apply("reduce_sum", [y], { axes: last }, at("sumY"));
      const sumYZ = b.apply("reduce_sum", [b.mul(y, z)], { axes: last }, at("sumYZ"));
      return mean(b.apply("sub", [b.mul(lse, sumY), sumYZ], {}, at("perRow")));
    }
  }
}
