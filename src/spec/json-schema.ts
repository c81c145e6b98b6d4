// The published JSON Schema of spec files (schema/tapeless.schema.json), generated from the same
// zod schema the validator uses, so editors complete and check exactly what tapeless accepts.
// Constraints zod keeps in refinements (integers, ranges) are read back by probing the schema
// itself; descriptions come from the table below. Deterministic: same schema, same bytes.
import * as z from "zod";
import { specSchema } from "./schema.ts";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema> };

const TOP_LEVEL: Record<string, string> = {
  $schema: "URL or path of this JSON Schema (for editors; ignored by the compiler)",
  name: "Model name (any text; sanitized wherever it reaches code). The module is written to <name>.ts",
  dtype: 'Element type: "f32" (Float32Array, default) or "f64" (Float64Array)',
  maxBatch: "Largest batch a call may use (default 32)",
  seed: "Weight initialization seed (default 0)",
  inputs: 'Input name → per-sample shape, e.g. { "x": [784] }, or { "shape": [16], "dtype": "int32" } for indices',
  targets: 'Target name → per-sample shape, e.g. { "y": [10] }, or { "shape": [], "dtype": "int32" } for class indices',
  layers: "Sequential form: layers applied in order to the single input",
  nodes: "Graph form: node name → node; nodes read inputs and other nodes (a DAG)",
  output:
    "Graph form: the node whose value is the model output, or a list of nodes (the first is the primary output, what forward returns)",
  loss: 'Loss: one term or a list of terms summed with their weights: { "type": "mse" | "meanAbsoluteError" | "huber" | "softmaxCrossEntropy" | "sigmoidCrossEntropy" | "sparseSoftmaxCrossEntropy", "output"?: node, "target"?: name, "weight"?: number, "delta"?: number (huber) } or { "type": "custom", "node": name, "weight"?: number }',
  optimizer: 'Optimizer, e.g. { "type": "adam", "lr": 0.001 } (default sgd, lr 0.01)',
};

const FIELDS: Record<string, string> = {
  type: "Layer, node, loss or optimizer type",
  name: "Layer name (default: type and position, e.g. dense1); parameters are <name>.kernel and <name>.bias",
  units: "Output width of a dense layer",
  filters: "conv2d, conv1d: number of output channels (parameters <name>.kernel [kh, kw, inChannels, filters] or [k, inChannels, filters], <name>.bias [filters])",
  strides: "conv2d, depthwiseConv2d, maxPooling2d, averagePooling2d: n or [sh, sw]; conv1d, maxPooling1d, averagePooling1d: n or [s] (convolutions default 1, pooling default poolSize)",
  padding:
    'conv2d, conv1d, depthwiseConv2d and the poolings: "valid" (no padding, default) or "same" (padded as TensorFlow: output size ⌈input / stride⌉; padding never part of a max or an average)',
  poolSize: "maxPooling2d, averagePooling2d: n or [ph, pw]; maxPooling1d, averagePooling1d: n or [p] (default 2)",
  kernelSize: "conv2d, depthwiseConv2d: n or [kh, kw]; conv1d: n or [k]",
  depthMultiplier: "depthwiseConv2d: kernels per input channel (default 1); output channel c·depthMultiplier + m (parameters <name>.depthwiseKernel [kh, kw, inChannels, depthMultiplier], <name>.bias [inChannels·depthMultiplier])",
  depthwiseInitializer: "depthwiseConv2d: kernel initializer (default glorotUniform, fans kh·kw·inChannels and kh·kw·depthMultiplier as Keras)",
  dilationRate: "conv2d, depthwiseConv2d: n or [dh, dw]; conv1d: n or [d] (default 1)",
  activation: "Activation applied after the affine map (default identity)",
  alpha: "Slope (leakyRelu, default 0.2) or scale (elu, default 1)",
  useBias: "Whether the layer has biases (default true)",
  kernelInitializer:
    "Kernel initializer (dense: heNormal before relu-like activations, else glorotUniform; conv2d, conv1d: glorotUniform)",
  biasInitializer: "Bias initializer (default zeros)",
  input: "Name of the input or node this node reads",
  inputs:
    "Names of the inputs or nodes this node reads (add, concat: at least 2; sub, mul, div, maximum, minimum, matmul: 2; multiHeadAttention: [query, value])",
  target: "Target the loss compares the output with (default: the only target)",
  output: "Node (or input) the loss term reads (default: the model output)",
  weight: "Factor of this loss term in the sum (default 1)",
  node: "Custom loss: the node whose batch mean is the loss (per-sample shape [])",
  dtype: 'Element type: "float" (the model\'s, default) or "int32" (indices for embedding and sparse targets)',
  shape: "Per-sample shape (reshape: one dimension may be -1, inferred)",
  factor: "scale: the factor every element is multiplied by",
  value: "constant: a number or a nested array of numbers",
  transposeA: "matmul: transpose the last two axes of the first operand (default false)",
  transposeB: "matmul: transpose the last two axes of the second operand (default false)",
  perm: "transpose: the new order of the per-sample axes (default: reversed)",
  axis: "A per-sample axis; negative counts from the end (default -1)",
  axes: "Per-sample axes to reduce, a number or a list (default: all); negative counts from the end",
  keepDims: "Keep reduced axes with size 1 (default false)",
  begin: "slice: start index on each per-sample axis",
  size: "slice: number of elements on each per-sample axis (-1: to the end)",
  epsilon: "Added to the denominator for numerical stability",
  center: "layerNormalization, batchNormalization: learn an offset <name>.beta (default true)",
  scale: "layerNormalization, batchNormalization: learn a factor <name>.gamma (default true)",
  rate: "dropout: fraction of the elements zeroed in training, in [0, 1) (the rest scaled by 1/(1 − rate))",
  inputDim: "embedding: number of distinct indices (an index must be in [0, inputDim))",
  outputDim: "embedding: size of each embedding vector",
  embeddingsInitializer: "embedding: initializer of <name>.embeddings (default randomUniform: uniform(−0.05, 0.05))",
  numHeads: "multiHeadAttention: number of attention heads",
  keyDim: "multiHeadAttention: size of each head's query and key (and value)",
  causal: "multiHeadAttention: mask future positions (default false)",
  lr: "Learning rate",
  l2: "L2 penalty coefficient (added to the gradient)",
  clipNorm: "Clip the global gradient norm to this value",
  momentum: "Momentum in [0, 1) (batchNormalization: the moving statistics' decay in [0, 1], default 0.99)",
  nesterov: "Nesterov momentum",
  beta1: "Decay of the first-moment estimate, in [0, 1)",
  beta2: "Decay of the second-moment estimate, in [0, 1)",
  rho: "Decay of the mean square, in [0, 1)",
  weightDecay: "Decoupled weight decay (AdamW)",
  skipNonFinite:
    "Skip a step whose gradients are not all finite: nothing changes, model.skippedSteps counts it (default true)",
  initialAccumulatorValue: "Starting value of Adagrad's sum of squared gradients (default 0.1)",
  delta: "Huber loss: where the loss turns from quadratic to linear (default 1)",
};

/** The JSON Schema (draft-07, for the widest editor support) of a spec file. */
export function specJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(specSchema, {
    target: "draft-07",
    io: "input",
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => refineNumber(zodSchema, jsonSchema as JsonSchema),
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  const schema: JsonSchema = {
    $schema,
    $comment:
      "Generated from src/spec/schema.ts (the validator's schema) by scripts/build.mjs. Do not edit.",
    title: "tapeless network spec",
    description:
      "A declarative neural-network spec compiled by tapeless (sequential form with layers, or graph form with nodes and output).",
    ...rest,
  };
  describe(schema, true);
  return schema;
}

/** The schema file's text: two-space JSON and a final newline. */
export function specJsonSchemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}

/** Integer-ness and bounds that zod holds in refinements, found by asking the schema. */
function refineNumber(schema: z.core.$ZodType, json: JsonSchema): void {
  if (json.type !== "number") return;
  const ok = (v: number) => z.safeParse(schema, v).success;
  if (ok(-1) && !ok(-2) && !ok(0) && ok(1) && !ok(1.5)) {
    // a size that may be -1 ("inferred", "to the end"): -1 or a positive integer
    Object.assign(json, { type: "integer", minimum: -1, not: { const: 0 } });
    return;
  }
  const lowest = [0, 1].find(ok);
  if (lowest === undefined) return;
  if (!ok(lowest + 0.5)) json.type = "integer";
  else return;
  if (json.minimum === undefined && json.exclusiveMinimum === undefined && !ok(lowest - 1))
    json.minimum = lowest;
  if (json.maximum === undefined && !ok(Number.MAX_SAFE_INTEGER)) {
    let lo = lowest;
    let hi = Number.MAX_SAFE_INTEGER;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (ok(mid)) lo = mid;
      else hi = mid;
    }
    json.maximum = lo;
  }
}

/** Adds descriptions: top-level fields of each form, and the fields of layers, nodes, loss, optimizer. */
function describe(schema: unknown, top: boolean): void {
  if (Array.isArray(schema)) {
    for (const s of schema) describe(s, top);
    return;
  }
  if (schema === null || typeof schema !== "object") return;
  const s = schema as JsonSchema;
  if (s.properties) {
    for (const [key, prop] of Object.entries(s.properties)) {
      const text = (top ? TOP_LEVEL : FIELDS)[key];
      if (text && prop.description === undefined)
        s.properties[key] = { description: text, ...prop };
      describe(prop, false);
    }
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) if (s[key]) describe(s[key], top);
  for (const key of ["items", "additionalProperties"] as const) if (s[key]) describe(s[key], false);
}
