// One normalized spec node evaluated with tf ops, as TensorFlow.js / Keras define it. Axes in the
// node are per-sample (see values.ts for the batch axis and broadcasting).
import * as tf from "@tensorflow/tfjs";
import type { OracleNode } from "./spec.ts";
import { activate } from "./activations.ts";
import { multiHeadAttention } from "./attention.ts";
import { tfPool } from "./pool.ts";
import { aligned, sampleShape, tfAxis, withBatch, type Val } from "./values.ts";

export interface Scope {
  get(name: string): Val;
  param(name: string): tf.Tensor;
  batch: number;
}

const anyBatched = (vals: readonly Val[]) => vals.some((v) => v.batched);

/**
 * max over `axes` whose gradient is split equally among tied maxima (as tapeless's reduce_max):
 * Σ x·[x = max] / #ties, the mask and count taking no gradient. tf.max gives each tied entry the whole gradient, which double
 * counts when the ties are copies of one value (an embedding row looked up twice, a concat of a
 * value with itself): moving that value moves the max once. Off ties it is tf.max.
 */
function tiedMax(x: tf.Tensor, axes: number[], keepDims: boolean): tf.Tensor {
  // (a tensor made from the data is a constant for tf's gradients: tf.equal has none)
  const mask = tf.tensor(Float32Array.from(tf.equal(x, tf.max(x, axes, true)).dataSync()), x.shape);
  return tf.div(tf.sum(tf.mul(x, mask), axes, keepDims), tf.sum(mask, axes, keepDims));
}

/**
 * A kernel [kh, kw, C, F] dilated by (dh, dw): its taps spread apart with zeros between them,
 * [(kh − 1)·dh + 1, (kw − 1)·dw + 1, C, F]. A convolution with dilation d equals the undilated
 * convolution with this kernel ("same" padding included: TensorFlow pads for the effective size
 * (k − 1)·d + 1 either way). tfjs 4.22 has no gradient for a dilated tf.conv2d ("dilation rates
 * greater than 1 are not yet supported in gradients"), while pad, reshape and slice all have one.
 */
function dilated(k: tf.Tensor, dh: number, dw: number): tf.Tensor {
  if (dh === 1 && dw === 1) return k;
  const [kh, kw, c, f] = k.shape as [number, number, number, number];
  const spread = tf.pad(tf.reshape(k, [kh, 1, kw, 1, c, f]), [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
  return tf.slice(tf.reshape(spread, [kh * dh, kw * dw, c, f]), [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, c, f]);
}

/** The node's value; `batched` when any operand is. */
export function evaluate(node: OracleNode, scope: Scope): Val {
  const ins = "inputs" in node ? node.inputs.map(scope.get) : [];
  const x = "input" in node ? scope.get(node.input) : undefined!;
  const param = (suffix: string) => scope.param(`${node.name}${suffix}`);
  const same = (t: tf.Tensor): Val => ({ t, batched: x.batched });
  switch (node.kind) {
    case "dense": {
      // On the last axis of any rank: [..., d] → [..., units] (one 2-D product, as Keras's Dense)
      const kernel = param(".kernel");
      const flat = x.t.rank === 2 ? x.t : tf.reshape(x.t, [-1, kernel.shape[0]!]);
      const xw = flat === x.t ? tf.matMul(flat, kernel) : tf.reshape(tf.matMul(flat, kernel), [...x.t.shape.slice(0, -1), node.units]);
      return same(activate(node.useBias ? tf.add(xw, param(".bias")) : xw, node.activation));
    }
    case "conv2d": {
      // tf.conv2d as tf.layers.conv2d calls it (NHWC, kernel [kh, kw, C, F]), padding by name, so "same"
      // is TensorFlow's own (test/oracle/tfjs-oracle.test.ts checks this against tf.layers.conv2d).
      const [dh, dw] = node.dilationRate as [number, number];
      const kernel = dilated(param(".kernel"), dh, dw) as tf.Tensor4D;
      const y = tf.conv2d(withBatch(x, scope.batch) as tf.Tensor4D, kernel, node.strides as [number, number], node.padding, "NHWC", 1);
      return { t: activate(node.useBias ? tf.add(y, param(".bias")) : y, node.activation), batched: true };
    }
    case "conv1d": {
      // tf.conv1d as tf.layers.conv1d calls it (NWC, kernel [k, C, F]).
      const k = param(".kernel");
      const kernel = tf.squeeze(dilated(tf.expandDims(k, 0), 1, node.dilationRate[0]!), [0]) as tf.Tensor3D;
      const y = tf.conv1d(withBatch(x, scope.batch) as tf.Tensor3D, kernel, node.strides[0]!, node.padding, "NWC", 1);
      return { t: activate(node.useBias ? tf.add(y, param(".bias")) : y, node.activation), batched: true };
    }
    case "maxPooling2d":
    case "averagePooling2d": {
      const g = { window: node.poolSize as [number, number], strides: node.strides as [number, number], padding: node.padding, pads: node.pads };
      return { t: tfPool(node.kind === "maxPooling2d" ? "max" : "avg", withBatch(x, scope.batch) as tf.Tensor4D, g), batched: true };
    }
    case "maxPooling1d":
    case "averagePooling1d": {
      // As tf.layers.maxPooling1d / averagePooling1d: the 2-D pool of window [1, p] over [n, 1, steps, C].
      const g = { window: [1, node.poolSize[0]!] as [number, number], strides: [1, node.strides[0]!] as [number, number], padding: node.padding, pads: [0, 0, ...node.pads] };
      const image = tf.expandDims(withBatch(x, scope.batch), 1) as tf.Tensor4D;
      return { t: tf.squeeze(tfPool(node.kind === "maxPooling1d" ? "max" : "avg", image, g), [1]), batched: true };
    }
    case "depthwiseConv2d": {
      // tf.depthwiseConv2d as tf.layers.depthwiseConv2d calls it (NHWC, kernel [kh, kw, C, M]), padding by
      // name; dilation through the spread kernel (tf's depthwise gradient refuses dilation rates above 1).
      const [dh, dw] = node.dilationRate as [number, number];
      const kernel = dilated(param(".depthwiseKernel"), dh, dw) as tf.Tensor4D;
      const y = tf.depthwiseConv2d(withBatch(x, scope.batch) as tf.Tensor4D, kernel, node.strides as [number, number], node.padding, "NHWC", 1);
      return { t: activate(node.useBias ? tf.add(y, param(".bias")) : y, node.activation), batched: true };
    }
    case "add": {
      const ts = aligned(ins);
      return { t: ts.slice(1).reduce((a, b) => tf.add(a, b), ts[0]!), batched: anyBatched(ins) };
    }
    case "binary": {
      let [a, b] = aligned(ins) as [tf.Tensor, tf.Tensor];
      if (node.op === "maximum" || node.op === "minimum") {
        // tfjs 4.22's Maximum / Minimum gradients do not sum over broadcast axes: broadcast first
        // (tf.broadcastTo's gradient does).
        const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
        [a, b] = [tf.broadcastTo(a, shape), tf.broadcastTo(b, shape)];
      }
      const f = { sub: tf.sub, mul: tf.mul, div: tf.div, maximum: tf.maximum, minimum: tf.minimum }[node.op];
      return { t: f(a, b), batched: anyBatched(ins) };
    }
    case "unary": {
      const f = { exp: tf.exp, log: tf.log, sqrt: tf.sqrt, square: tf.square, abs: tf.abs, neg: tf.neg }[node.op];
      return same(f(x.t));
    }
    case "activation":
      return same(activate(x.t, node.activation));
    case "scale":
      return same(tf.mul(x.t, node.factor));
    case "constant":
      return { t: tf.tensor(Float32Array.from(node.values), [...node.shape], "float32"), batched: false };
    case "matmul": {
      // tf.matMul over the last two axes; its gradient cannot broadcast a batch, so an unbatched
      // operand next to a batched one is repeated explicitly.
      const batched = anyBatched(ins);
      const [a, b] = ins.map((v) => (batched ? withBatch(v, scope.batch) : v.t)) as [tf.Tensor, tf.Tensor];
      return { t: tf.matMul(a, b, node.transposeA, node.transposeB), batched };
    }
    case "reshape":
      return same(tf.reshape(x.t, x.batched ? [x.t.shape[0]!, ...node.shape] : [...node.shape]));
    case "transpose":
      return same(tf.transpose(x.t, x.batched ? [0, ...node.perm.map((p) => p + 1)] : [...node.perm]));
    case "concat": {
      const batched = anyBatched(ins);
      const ts = ins.map((v) => (batched ? withBatch(v, scope.batch) : v.t));
      return { t: tf.concat(ts, node.axis + (batched ? 1 : 0)), batched };
    }
    case "slice":
      return same(tf.slice(x.t, x.batched ? [0, ...node.begin] : [...node.begin], x.batched ? [-1, ...node.size] : [...node.size]));
    case "reduce": {
      if (node.axes.length === 0) return x;
      const axes = node.axes.map((a) => tfAxis(x, a));
      const f = { sum: tf.sum, mean: tf.mean, max: tiedMax }[node.op];
      return same(f(x.t, axes, node.keepDims));
    }
    case "softmax": {
      // tf.softmax / tf.logSoftmax act on the last axis only: swap `axis` with it and back.
      const f = node.log ? tf.logSoftmax : tf.softmax;
      const axis = tfAxis(x, node.axis);
      const last = x.t.rank - 1;
      if (axis === last) return same(f(x.t));
      const perm = x.t.shape.map((_, i) => (i === axis ? last : i === last ? axis : i));
      return same(tf.transpose(f(tf.transpose(x.t, perm)), perm));
    }
    case "layerNormalization": {
      // As tf.layers.layerNormalization: (x − mean)·rsqrt(var + ε)·γ + β, biased variance over `axis`;
      // γ and β [d] broadcast along that axis.
      const { mean, variance } = tf.moments(x.t, tfAxis(x, node.axis), true);
      let y = tf.mul(tf.sub(x.t, mean), tf.rsqrt(tf.add(variance, node.epsilon)));
      const trailing = sampleShape(x).length - 1 - node.axis;
      const along = (p: tf.Tensor) => (trailing === 0 ? p : tf.reshape(p, [p.shape[0]!, ...new Array<number>(trailing).fill(1)]));
      if (node.scale) y = tf.mul(y, along(param(".gamma")));
      if (node.center) y = tf.add(y, along(param(".beta")));
      return same(y);
    }
    case "batchNormalization": {
      // As tf.layers.batchNormalization in training: (x − μ)·rsqrt(σ² + ε)·γ + β with the batch's mean
      // and biased variance over every axis but `axis` (the batch axis included).
      const axis = tfAxis(x, node.axis);
      const axes = x.t.shape.map((_, i) => i).filter((i) => i !== axis);
      const { mean, variance } = tf.moments(x.t, axes, true);
      let y = tf.mul(tf.sub(x.t, mean), tf.rsqrt(tf.add(variance, node.epsilon)));
      const trailing = sampleShape(x).length - 1 - node.axis;
      const along = (p: tf.Tensor) => (trailing === 0 ? p : tf.reshape(p, [p.shape[0]!, ...new Array<number>(trailing).fill(1)]));
      if (node.scale) y = tf.mul(y, along(param(".gamma")));
      if (node.center) y = tf.add(y, along(param(".beta")));
      return same(y);
    }
    case "dropout":
      if (node.rate !== 0) throw new Error(`the oracle has no dropout masks (rate ${node.rate}): dropout is checked statistically`);
      return same(x.t);
    case "embedding":
      // int32 indices [..] → rows of <name>.embeddings [inputDim, outputDim]: [.., outputDim]
      return same(tf.gather(param(".embeddings"), x.t));
    case "multiHeadAttention": {
      const q = scope.get(node.query);
      const v = scope.get(node.value);
      return { t: multiHeadAttention(node, withBatch(q, scope.batch), withBatch(v, scope.batch), param), batched: true };
    }
  }
}
