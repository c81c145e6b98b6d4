// An independent gradient oracle: the same network built in TensorFlow.js (cpu backend, float32)
// from the *normalized* spec, evaluated with the same parameters and data, differentiated by
// TensorFlow.js's own autodiff. Shares nothing with tapeless but the spec and the flat buffers.
//
// The formulas follow TensorFlow.js / Keras semantics, written out where tf has no exact match:
// gelu is the tanh approximation, α-ELU is where(x > 0, x, α·expm1(x)), and mse and the
// cross-entropies are built from primitives so no label smoothing can sneak in; mean absolute error
// and huber are tf.losses' own (their default reduction, SUM_BY_NONZERO_WEIGHTS, is the mean).
import * as tf from "@tensorflow/tfjs";
import type { Activation, NormalizedNode, NormalizedSpec } from "../../src/spec/types.ts";
import { nodeInputs } from "../../src/spec/node-inputs.ts";

let ready: Promise<void> | undefined;

/** Selects the cpu backend (its kernels and gradient functions are registered by @tensorflow/tfjs). */
export function tfReady(): Promise<void> {
  ready ??= (async () => {
    tf.env().set("IS_TEST", true); // silences the "install tfjs-node" banner, nothing else
    await tf.setBackend("cpu");
    await tf.ready();
  })();
  return ready;
}

export interface OracleLayout {
  params: readonly { name: string; shape: readonly number[]; offset: number; length: number }[];
  paramCount: number;
}

export interface OracleInput {
  spec: NormalizedSpec;
  layout: OracleLayout;
  /** The flat parameter buffer, in the layout's order (kernel [in, units] row-major, as tf). */
  params: ArrayLike<number>;
  /** Row-major [batch, ...shape] data, in spec.inputs / spec.targets order. */
  inputs: readonly ArrayLike<number>[];
  targets: readonly ArrayLike<number>[];
  batch: number;
}

export interface OracleResult {
  loss: number;
  /** The model output after the loss's output transform (softmax / sigmoid), [batch, ...]. */
  output: Float32Array;
  /** ∂loss/∂params in the tapeless layout (zero for parameters the loss does not reach). */
  grads: Float32Array;
}

const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);

function tensorOf(data: ArrayLike<number>, shape: number[]): tf.Tensor {
  const n = size(shape);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = data[i];
  return tf.tensor(values, shape, "float32");
}

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

/** Nodes the output depends on (parameters of the others get a zero gradient). */
function reachable(spec: NormalizedSpec): Set<string> {
  const byName = new Map(spec.nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const stack = [spec.output];
  while (stack.length > 0) {
    const name = stack.pop()!;
    const node = byName.get(name);
    if (node === undefined || seen.has(name)) continue;
    seen.add(name);
    stack.push(...nodeInputs(node));
  }
  return seen;
}

/** The logits (or the mse prediction) and the scalar loss, given parameter tensors by name. */
function forward(
  spec: NormalizedSpec,
  params: ReadonlyMap<string, tf.Tensor>,
  inputs: ReadonlyMap<string, tf.Tensor>,
  target: tf.Tensor,
): { output: tf.Tensor; loss: tf.Scalar } {
  const values = new Map(inputs);
  const get = (name: string) => values.get(name)!;
  for (const node of spec.nodes) values.set(node.name, evaluate(node, get, params));
  const z = get(spec.output);
  const y = target;
  const term = spec.loss[0]; // one term: what the compiler takes today (issue 16)
  switch (term.type) {
    case "mse":
      return { output: z, loss: tf.mean(tf.square(tf.sub(z, y))) };
    case "meanAbsoluteError":
      // tf.losses.absoluteDifference: mean of |z − y| (tf's Abs gradient at 0 is −1, tapeless's 0:
      // random data never lands there)
      return { output: z, loss: tf.losses.absoluteDifference(y, z) as tf.Scalar };
    case "huber":
      return { output: z, loss: tf.losses.huberLoss(y, z, undefined, term.delta) as tf.Scalar };
    case "softmaxCrossEntropy": {
      // mean over rows of −Σⱼ yⱼ·log softmax(z)ⱼ
      const perRow = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)), -1));
      return { output: tf.softmax(z), loss: tf.mean(perRow) };
    }
    case "sigmoidCrossEntropy": {
      // mean of max(z, 0) − z·y + log1p(exp(−|z|))
      const terms = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
      return { output: tf.sigmoid(z), loss: tf.mean(terms) };
    }
    default:
      throw new Error(`the oracle has no ${term.type} loss yet`);
  }
}

function evaluate(node: NormalizedNode, get: (name: string) => tf.Tensor, params: ReadonlyMap<string, tf.Tensor>): tf.Tensor {
  switch (node.kind) {
    case "dense": {
      const xw = tf.matMul(get(node.input), params.get(`${node.name}.kernel`)!);
      const z = node.useBias ? tf.add(xw, params.get(`${node.name}.bias`)!) : xw;
      return activate(z, node.activation);
    }
    case "add":
      return node.inputs.map(get).reduce((a, b) => tf.add(a, b));
    case "activation":
      return activate(get(node.input), node.activation);
    default:
      throw new Error(`the oracle has no ${node.kind} node yet`);
  }
}

/** Loss, output and every parameter gradient of the spec's network, computed by TensorFlow.js. */
export function tfOracle(input: OracleInput): OracleResult {
  const { spec, layout, batch } = input;
  return tf.tidy(() => {
    const inputs = new Map<string, tf.Tensor>();
    spec.inputs.forEach((v, i) => inputs.set(v.name, tensorOf(input.inputs[i], [batch, ...v.shape])));
    const targetIndex = spec.targets.findIndex((t) => t.name === spec.loss[0].target);
    const targetSpec = spec.targets[targetIndex];
    const target = tensorOf(input.targets[targetIndex], [batch, ...targetSpec.shape]);

    const live = reachable(spec);
    const all = layout.params.map((p) => ({
      ...p,
      tensor: tensorOf(Array.prototype.slice.call(input.params, p.offset, p.offset + p.length), [...p.shape]),
      used: live.has(p.name.slice(0, p.name.lastIndexOf("."))),
    }));
    const used = all.filter((p) => p.used);
    const withParams = (tensors: readonly tf.Tensor[]) => {
      const map = new Map(all.map((p) => [p.name, p.tensor]));
      used.forEach((p, i) => map.set(p.name, tensors[i]));
      return forward(spec, map, inputs, target);
    };

    const grads = new Float32Array(layout.paramCount);
    let loss: number;
    if (used.length === 0) {
      loss = withParams([]).loss.dataSync()[0];
    } else {
      const result = tf.valueAndGrads((...ts: tf.Tensor[]) => withParams(ts).loss)(used.map((p) => p.tensor));
      loss = result.value.dataSync()[0];
      used.forEach((p, i) => grads.set(result.grads[i].dataSync() as Float32Array, p.offset));
    }
    const output = Float32Array.from(withParams(used.map((p) => p.tensor)).output.dataSync() as Float32Array);
    return { loss, output, grads };
  });
}
