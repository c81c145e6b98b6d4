// The loss: a weighted sum of terms, each a primitive loss (fused with its gradient by the planner)
// or a custom node averaged over the batch; and the model output after the loss's own transform
// (softmax or sigmoid probabilities when a cross-entropy reads the logits).
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
  const single = spec.loss.length === 1;
  const weighted = spec.loss.map((term, i) => {
    const last = single && term.weight === 1;
    const value = lossTerm(b, term, get, last ? "loss" : `loss.${i + 1}`);
    if (term.weight === 1) return value;
    return b.apply("affine", [value], { scale: term.weight, shift: 0 }, single ? "loss" : `loss.${i + 1}.weighted`);
  });
  const [first, ...rest] = weighted;
  const loss = rest.reduce((sum, t, i) => b.apply("add", [sum, t], {}, i === rest.length - 1 ? "loss" : undefined), first);
  const z = get(spec.output);
  const transformed = spec.loss.find((t) => t.output === spec.output && OUTPUT_TRANSFORM[t.type]);
  const output = transformed ? b.apply(OUTPUT_TRANSFORM[transformed.type]!, [z], {}, "output") : z;
  return { output, loss };
}

function lossTerm(b: GraphBuilder, term: NormalizedLossTerm, get: (name: string) => Value, id: string): Value {
  const z = get(term.output);
  if (term.type === "custom") return b.apply("reduce_mean", [z], { axes: [0] }, id);
  const y = get(term.target!);
  switch (term.type) {
    case "mse":
      return b.apply("mse", [z, y], {}, id);
    case "meanAbsoluteError":
      return b.apply("mae", [z, y], {}, id);
    case "huber":
      return b.apply("huber", [z, y], { delta: term.delta ?? 1 }, id);
    case "softmaxCrossEntropy":
      return b.apply("softmax_xent", [z, y], {}, id);
    case "sparseSoftmaxCrossEntropy": {
      const classes = z.shape[z.shape.length - 1] as number;
      return b.apply("softmax_xent", [z, b.apply("one_hot", [y], { depth: classes }, `${term.target}.oneHot`)], {}, id);
    }
    case "sigmoidCrossEntropy":
      return b.apply("sigmoid_xent", [z, y], {}, id);
  }
}
