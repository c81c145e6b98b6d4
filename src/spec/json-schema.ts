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
  inputs: 'Input name → per-sample shape, e.g. { "x": [784] }',
  targets: 'Target name → per-sample shape, e.g. { "y": [10] }',
  layers: "Sequential form: layers applied in order to the single input",
  nodes: "Graph form: node name → node; nodes read inputs and other nodes (a DAG)",
  output: "Graph form: the node whose value is the model output",
  loss: 'Loss: { "type": "mse" | "meanAbsoluteError" | "huber" | "softmaxCrossEntropy" | "sigmoidCrossEntropy", "target"?: name, "delta"?: number (huber) }',
  optimizer: 'Optimizer, e.g. { "type": "adam", "lr": 0.001 } (default sgd, lr 0.01)',
};

const FIELDS: Record<string, string> = {
  type: "Layer, node, loss or optimizer type",
  name: "Layer name (default: type and position, e.g. dense1); parameters are <name>.kernel and <name>.bias",
  units: "Output width of a dense layer",
  activation: "Activation applied after the affine map (default identity)",
  alpha: "Slope (leakyRelu, default 0.2) or scale (elu, default 1)",
  useBias: "Whether the dense layer has a bias (default true)",
  kernelInitializer:
    "Kernel initializer (default heNormal before relu-like activations, else glorotUniform)",
  biasInitializer: "Bias initializer (default zeros)",
  input: "Name of the input or node this node reads",
  inputs: "Names of the inputs or nodes to add (at least 2, same shape)",
  target: "Target the loss compares the output with (default: the only target)",
  lr: "Learning rate",
  l2: "L2 penalty coefficient (added to the gradient)",
  clipNorm: "Clip the global gradient norm to this value",
  momentum: "Momentum in [0, 1)",
  nesterov: "Nesterov momentum",
  beta1: "Decay of the first-moment estimate, in [0, 1)",
  beta2: "Decay of the second-moment estimate, in [0, 1)",
  epsilon: "Added to the denominator for numerical stability",
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
