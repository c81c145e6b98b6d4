// Each loss term with tf ops, on outputs of any rank: mse and the cross-entropies are built from
// primitives so no label smoothing can sneak in; mean absolute error and huber are tf.losses' own
// (their default reduction, SUM_BY_NONZERO_WEIGHTS, is the mean over every element).
import * as tf from "@tensorflow/tfjs";
import type { LossTerm } from "./spec.ts";

/** The term's scalar value (before its weight); `z` is the value it reads, `y` its target. */
export function lossTerm(term: LossTerm, z: tf.Tensor, y: tf.Tensor | undefined): tf.Scalar {
  const target = () => {
    if (y === undefined) throw new Error(`oracle: the ${term.type} term on "${term.output}" has no target`);
    return y;
  };
  switch (term.type) {
    case "mse":
      return tf.mean(tf.square(tf.sub(z, target())));
    case "meanAbsoluteError":
      // tf's Abs gradient at 0 is −1, tapeless's 0: random data never lands there
      return tf.losses.absoluteDifference(target(), z) as tf.Scalar;
    case "huber":
      return tf.losses.huberLoss(target(), z, undefined, term.delta) as tf.Scalar;
    case "softmaxCrossEntropy":
      // mean over every leading position of −Σ_c y_c·log softmax(z)_c
      return tf.mean(tf.neg(tf.sum(tf.mul(target(), tf.logSoftmax(z)), -1)));
    case "sparseSoftmaxCrossEntropy": {
      // int32 class indices (z's shape without the last axis): mean of −log softmax(z)[target]; the
      // one-hot is [target = c] (tf.oneHot refuses a single class, which the spec allows)
      const classes = z.shape[z.rank - 1]!;
      const oneHot = tf.cast(tf.equal(tf.expandDims(target(), -1), tf.range(0, classes, 1, "int32")), z.dtype);
      return tf.mean(tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(z)), -1)));
    }
    case "sigmoidCrossEntropy": {
      // mean of max(z, 0) − z·y + log1p(exp(−|z|))
      const yt = target();
      return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, yt)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
    }
    case "custom":
      // the batch mean of a node whose per-sample shape is []
      if (z.rank > 1) throw new Error(`oracle: the custom loss node "${term.output}" is not a per-sample scalar (shape ${z.shape})`);
      return tf.mean(z);
  }
}

/** The model output as the generated module reports it: after softmax / sigmoid when a cross-entropy term reads it. */
export function outputTransform(terms: readonly LossTerm[], output: string): (z: tf.Tensor) => tf.Tensor {
  const term = terms.find((t) => t.output === output && t.type.endsWith("CrossEntropy"));
  if (term === undefined) return (z) => z;
  return term.type === "sigmoidCrossEntropy" ? tf.sigmoid : tf.softmax;
}
