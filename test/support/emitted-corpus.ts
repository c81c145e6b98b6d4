// The corpus the emitter's tests share (emitted-corpus, emitted-roles and finalize tests): specs
// reaching every activation, loss, optimizer and dtype, every name in every role, and the text
// compileGraph emits.
import { validateSpec } from "../../src/index.ts";
import { metaFromSpec } from "../../compiler/index.ts";
import { hasModes, lower } from "../../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../../compiler/phases/3-optimize/index.ts";
import { planMemory } from "../../compiler/phases/4-plan/plan.ts";
import { emitModule, emitModuleText } from "../../compiler/backends/js/emit/module.ts";

export const ACTIVATIONS = ["relu", "leakyRelu", "elu", "sigmoid", "tanh", "softplus", "gelu", "silu", "softmax", "identity"];
export const CONFIGS = [
  { dtype: "f32", loss: "softmaxCrossEntropy", optimizer: { type: "adam", lr: 0.01, clipNorm: 1 } },
  { dtype: "f64", loss: "sigmoidCrossEntropy", optimizer: { type: "rmsprop", lr: 0.01, momentum: 0.9, l2: 0.01 } },
  { dtype: "f32", loss: "mse", optimizer: { type: "sgd", lr: 0.01, momentum: 0.9, nesterov: true } },
  { dtype: "f64", loss: "mse", optimizer: { type: "adamw", lr: 0.01, weightDecay: 0.01 } },
  { dtype: "f32", loss: "meanAbsoluteError", optimizer: { type: "adagrad", lr: 0.01 } },
  { dtype: "f64", loss: "huber", optimizer: { type: "rmsprop", lr: 0.01, skipNonFinite: false } },
  { dtype: "f32", loss: "mse", optimizer: { type: "sgd", lr: 1e21 } },
] as const;

/** Every activation, wide and narrow products (module-level kernels and inline ones), two inputs. */
export function featureSpec(config: (typeof CONFIGS)[number], units: readonly number[]) {
  const nodes: Record<string, unknown> = { sum: { type: "add", inputs: ["a", "b"] } };
  let previous = "sum";
  ACTIVATIONS.forEach((activation, i) => {
    nodes[`dense${i}`] = { type: "dense", input: previous, units: units[i % units.length], activation };
    previous = `dense${i}`;
  });
  nodes.head = { type: "dense", input: previous, units: 2 };
  return { name: "features", ...config, maxBatch: 70, inputs: { a: [5], b: [5] }, targets: { y: [2] }, nodes, output: "head", loss: { type: config.loss } };
}

/**
 * The text compileGraph emits, and whether the emitter vouched for its layout. The pipeline runs
 * up to the plan only (compileSpec would also lay out, with prettier, a module the emitter cannot
 * vouch for: the role specs' hundreds of inputs, seconds each).
 */
export async function emitted(spec: unknown) {
  const normalized = validateSpec(spec);
  const { graph: forward, params, state } = lower(normalized);
  const graph = optimize(differentiate(forward));
  const memoryPlan = planMemory(graph, normalized.maxBatch);
  const meta = metaFromSpec(normalized, params, undefined, state);
  const inferenceGraph = hasModes(normalized) ? optimize(lower(normalized, "infer").graph) : undefined;
  const inference = inferenceGraph && { graph: inferenceGraph, plan: planMemory(inferenceGraph, normalized.maxBatch) };
  const reasons: string[] = [];
  const code = emitModule(graph, memoryPlan, meta, (r) => reasons.push(...r), inference);
  return { code, reasons, text: emitModuleText(graph, memoryPlan, meta, inference) };
}

/** A module without its layout: no whitespace, no trailing comma a broken list gains. */
export function withoutLayout(code: string): string {
  return code.replace(/,(\s*[)\]}])/g, "$1").replace(/\s+/g, "");
}

export const ROLES = ["input", "target", "dense layer", "activation layer"] as const;

/**
 * `names` each in one role (name i in role (i + shift) mod 4): inputs summed, then dense layers and
 * standalone activations in turn. Scaffolding names hold a "·", which no identifier has.
 */
export function roleSpec(names: readonly string[], shift: number, config: (typeof CONFIGS)[number]) {
  const role = (i: number) => ROLES[(i + shift) % ROLES.length];
  const inputs: Record<string, number[]> = { "in·0": [2] };
  const targets: Record<string, number[]> = { "target·0": [2] };
  const nodes: Record<string, unknown> = {};
  // defineProperty: `record["__proto__"] = v` would set the prototype instead of a key.
  const put = (record: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  names.forEach((n, i) => {
    if (role(i) === "input") put(inputs, n, [2]);
    if (role(i) === "target") put(targets, n, [2]);
  });
  nodes["sum·0"] = { type: "add", inputs: Object.keys(inputs) };
  let previous = "sum·0";
  names.forEach((n, i) => {
    const activation = ACTIVATIONS[i % ACTIVATIONS.length];
    if (role(i) === "dense layer") put(nodes, n, { type: "dense", input: previous, units: 2, activation });
    else if (role(i) === "activation layer") put(nodes, n, { type: activation === "identity" ? "tanh" : activation, input: previous });
    else return;
    previous = n;
  });
  nodes["head·0"] = { type: "dense", input: previous, units: 2 };
  return { name: `roles ${shift}`, ...config, maxBatch: 3, seed: shift, inputs, targets, nodes, output: "head·0", loss: { type: config.loss, target: "target·0" } };
}

/** Training and inference differ: batch norm (state, with and without γ, β) and dropout (the generator). */
export function modesSpec(dtype: "f32" | "f64") {
  return {
    name: "modes",
    dtype,
    maxBatch: 5,
    inputs: { image: [6, 6, 2] },
    targets: { label: [3] },
    layers: [
      // short names: the conv's epilogue (bias, the normalization's factor and shift, relu) fits a line
      { type: "conv2d", filters: 4, kernelSize: 3, padding: "same", name: "c1" },
      { type: "batchNormalization", name: "bn1" },
      { type: "relu" },
      { type: "dropout", rate: 0.25 },
      { type: "flatten" },
      { type: "dense", units: 8 },
      { type: "batchNormalization", center: false, scale: false, name: "bn2" },
      { type: "dropout", rate: 0.5 },
      { type: "dense", units: 3 },
    ],
    loss: { type: "softmaxCrossEntropy" },
    optimizer: { type: "adam", lr: 0.01 },
  };
}
