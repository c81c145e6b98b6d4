// The oracle proper: the spec's network evaluated with tf ops from the flat parameter buffer, the
// weighted sum of its loss terms differentiated by TensorFlow.js's own autodiff.
import * as tf from "@tensorflow/tfjs";
import { inputsOf, lossTerms, size, type OracleSpec, type OracleValue } from "./spec.ts";
import { evaluate } from "./nodes.ts";
import { lossTerm, outputTransform } from "./losses.ts";
import { withBatch, type Val } from "./values.ts";

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
  spec: OracleSpec;
  layout: OracleLayout;
  /** The flat parameter buffer, in the layout's order (kernel [in, units] row-major, as tf). */
  params: ArrayLike<number>;
  /** Row-major [batch, ...shape] data, in spec.inputs / spec.targets order (int32 values: integer indices). */
  inputs: readonly ArrayLike<number>[];
  targets: readonly ArrayLike<number>[];
  batch: number;
}

export interface OracleResult {
  loss: number;
  /** The primary output after the loss's output transform (softmax / sigmoid), [batch, ...]. */
  output: Float32Array;
  /** ∂loss/∂params in the tapeless layout (zero for parameters the loss does not reach). */
  grads: Float32Array;
}

function tensorOf(data: ArrayLike<number>, shape: number[], dtype: "float32" | "int32" = "float32"): tf.Tensor {
  const n = size(shape);
  const values = dtype === "int32" ? new Int32Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = data[i]!;
  return tf.tensor(values, shape, dtype);
}

const valueTensor = (v: OracleValue, data: ArrayLike<number>, batch: number) =>
  tensorOf(data, [batch, ...v.shape], v.dtype === "int32" ? "int32" : "float32");

/** Nodes the loss depends on (parameters of the others get a zero gradient: tf would refuse them). */
function reachable(spec: OracleSpec, roots: readonly string[]): Set<string> {
  const byName = new Map(spec.nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    const node = byName.get(name);
    if (node === undefined || seen.has(name)) continue;
    seen.add(name);
    stack.push(...inputsOf(node));
  }
  return seen;
}

/** The node a parameter belongs to: the longest node name followed by "." that prefixes it. */
function ownerOf(spec: OracleSpec, param: string): string | undefined {
  let owner: string | undefined;
  for (const n of spec.nodes) if (param.startsWith(`${n.name}.`) && n.name.length > (owner?.length ?? -1)) owner = n.name;
  return owner;
}

/** Loss, primary output and every parameter gradient of the spec's network, computed by TensorFlow.js. */
export function tfOracle(input: OracleInput): OracleResult {
  const { spec, layout, batch } = input;
  const terms = lossTerms(spec);
  return tf.tidy(() => {
    const data = new Map<string, Val>();
    spec.inputs.forEach((v, i) => data.set(v.name, { t: valueTensor(v, input.inputs[i]!, batch), batched: true }));
    spec.targets.forEach((v, i) => data.set(v.name, { t: valueTensor(v, input.targets[i]!, batch), batched: true }));

    const live = reachable(spec, terms.map((t) => t.output));
    const all = layout.params.map((p) => {
      const owner = ownerOf(spec, p.name);
      const tensor = tensorOf(Array.prototype.slice.call(input.params, p.offset, p.offset + p.length), [...p.shape]);
      return { ...p, tensor, used: owner !== undefined && live.has(owner) };
    });
    const used = all.filter((p) => p.used);

    const run = (tensors: readonly tf.Tensor[]) => {
      const params = new Map(all.map((p) => [p.name, p.tensor]));
      used.forEach((p, i) => params.set(p.name, tensors[i]!));
      const values = new Map(data);
      const scope = {
        batch,
        get: (name: string) => values.get(name) ?? fail(`unknown value "${name}"`),
        param: (name: string) => params.get(name) ?? fail(`no parameter "${name}" in the layout`),
      };
      for (const node of spec.nodes) values.set(node.name, evaluate(node, scope));
      const parts = terms.map((t) => {
        // (a value without the batch axis, computed from constants and parameters alone, counts once per sample)
        const value = lossTerm(t, withBatch(scope.get(t.output), batch), t.target === undefined ? undefined : scope.get(t.target).t);
        return t.weight === 1 ? value : tf.mul(value, t.weight);
      });
      const loss = parts.slice(1).reduce((a, b) => tf.add(a, b), parts[0]!) as tf.Scalar;
      return { output: outputTransform(terms, spec.output)(withBatch(scope.get(spec.output), batch)), loss };
    };

    const grads = new Float32Array(layout.paramCount);
    let loss: number;
    if (used.length === 0) {
      loss = run([]).loss.dataSync()[0]!;
    } else {
      const result = tf.valueAndGrads((...ts: tf.Tensor[]) => run(ts).loss)(used.map((p) => p.tensor));
      loss = result.value.dataSync()[0]!;
      used.forEach((p, i) => grads.set(result.grads[i]!.dataSync() as Float32Array, p.offset));
    }
    const output = Float32Array.from(run(used.map((p) => p.tensor)).output.dataSync() as Float32Array);
    return { loss, output, grads };
  });
}

function fail(message: string): never {
  throw new Error(`oracle: ${message}`);
}
