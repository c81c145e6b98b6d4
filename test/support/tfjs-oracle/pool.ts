// The pooling layers in tf ops, as tf.layers.maxPooling2d / averagePooling2d (and the 1-D ones, which
// tf.layers run as the 2-D op over a height-1 image) call them: tf.maxPool / tf.avgPool, padding by
// name, so "same" is TensorFlow's own. One exception, for gradients: TensorFlow.js 4.22's cpu
// AvgPoolGrad divides every window by its full area (tfjs-backend-cpu kernels/AvgPoolGrad.js), not by
// the count of positions inside the input its forward divides by, so on a padded average its gradient
// is not the derivative of tf.avgPool. There the average is written without padding: window sums of x
// padded with zeros over the count of real positions per window (both from an unpadded "valid"
// tf.avgPool), whose values test/oracle/pool-layers.test.ts holds to tf.avgPool's.
import * as tf from "@tensorflow/tfjs";

export interface PoolGeometry {
  window: [number, number];
  strides: [number, number];
  padding: "valid" | "same";
  /** [top, bottom, left, right], the ones `padding` means (test/oracle/pool-layers.test.ts checks they are tf's). */
  pads: readonly number[];
}

/** The average over each window's positions inside x, from unpadded pools of x and of ones padded with zeros. */
export function paddedAvgPool(x: tf.Tensor4D, g: PoolGeometry): tf.Tensor4D {
  const [top, bottom, left, right] = g.pads as [number, number, number, number];
  const padding: [number, number][] = [[0, 0], [top, bottom], [left, right], [0, 0]];
  const area = g.window[0] * g.window[1];
  const windowSums = (v: tf.Tensor4D) => tf.mul(tf.avgPool(tf.pad(v, padding), g.window, g.strides, "valid"), area);
  const counts = windowSums(tf.ones([1, x.shape[1], x.shape[2], 1]));
  return tf.div(windowSums(x), counts) as tf.Tensor4D;
}

/** tf.maxPool, tf.avgPool, or for a padded average its unpadded form (whose gradient is right). */
export function tfPool(op: "max" | "avg", x: tf.Tensor4D, g: PoolGeometry): tf.Tensor4D {
  if (op === "max") return tf.maxPool(x, g.window, g.strides, g.padding);
  return g.pads.every((p) => p === 0) ? tf.avgPool(x, g.window, g.strides, g.padding) : paddedAvgPool(x, g);
}
