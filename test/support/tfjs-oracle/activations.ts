// Activations as TensorFlow.js / Keras define them, written out where tf has no exact match: gelu
// is the tanh approximation, α-ELU is relu(x) + α·expm1(min(x, 0)).
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "../../../src/spec/types.ts";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export function activate(x: tf.Tensor, act: Activation): tf.Tensor {
  const alpha = act.alpha ?? 0;
  switch (act.type) {
    case "identity":
      return x;
    case "relu":
      return tf.relu(x); // tf's gradient at 0 is 0: the same convention as tapeless
    case "leakyRelu":
      return tf.leakyRelu(x, alpha); // slope α at 0, as tapeless
    case "elu":
      // tf.elu has α = 1 only. relu(x) + α·expm1(min(x, 0)) is x above 0 and α·(eˣ − 1) below,
      // with slope α at 0 (tf's minimum passes the gradient on ties), as tapeless; no `where`,
      // whose condition (Greater) has no gradient function in tf.
      return alpha === 1 ? tf.elu(x) : tf.add(tf.relu(x), tf.mul(alpha, tf.expm1(tf.minimum(x, 0))));
    case "sigmoid":
      return tf.sigmoid(x);
    case "tanh":
      return tf.tanh(x);
    case "softplus":
      return tf.softplus(x);
    case "gelu": {
      // ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
      const u = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
      return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(u)));
    }
    case "silu":
    case "swish":
      return tf.mul(x, tf.sigmoid(x));
    case "softmax":
      return tf.softmax(x); // along the last axis
  }
}
