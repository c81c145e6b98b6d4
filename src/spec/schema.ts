// The zod schema of the input spec (structure only: types, required fields, allowed keys).
// Every object is strict; every leaf carries its own message, so no zod default text escapes.
import * as z from "zod";
import { type GraphSpec, LOSSES, OPTIMIZERS, type SequentialSpec } from "./types.ts";
import { expecting, typeUnion, unknownName } from "./zod-messages.ts";
import {
  dtypeSchema,
  maxBatchSchema,
  nonEmptyString,
  positiveNumber,
  reference,
  seedSchema,
  shapeSpecSchema,
  targetSchema,
} from "./schema-leaves.ts";
import { layerSchema, nodeSchema } from "./schema-layers.ts";

export {
  MAX_ELEMENTS,
  MAX_BATCH,
  MAX_SEED,
  dtypeSchema,
  maxBatchSchema,
  shapeSchema,
  shapeSpecSchema,
  targetSchema,
} from "./schema-leaves.ts";
export { layerSchema, nodeSchema } from "./schema-layers.ts";

export const SPEC_DEFAULTS = {
  dtype: "f32",
  target: "js",
  maxBatch: 32,
  seed: 0,
  activation: "identity",
  useBias: true,
  optimizer: { type: "sgd", lr: 0.01 },
} as const;

/** Defaults per optimizer (TensorFlow.js / Keras defaults; ε = 1e-7 as their float32 backends). */
export const OPTIMIZER_DEFAULTS = {
  sgd: { lr: 0.01, momentum: 0, nesterov: false },
  adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
  adamw: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.01 },
  rmsprop: { lr: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
  adagrad: { lr: 0.01, initialAccumulatorValue: 0.1, epsilon: 1e-7 },
} as const;

/** Defaults every optimizer shares (l2 0: no penalty; clipNorm null: no clipping). */
export const OPTIMIZER_COMMON_DEFAULTS = { l2: 0, clipNorm: null, skipNonFinite: true } as const;

/** Loss parameters and their defaults, by loss (tf.losses.huberLoss: δ = 1). */
export const LOSS_DEFAULTS = { huber: { delta: 1 }, weight: 1 } as const;

/** Defaults of the tensor nodes (Keras's where Keras has the layer). */
export const NODE_DEFAULTS = {
  axis: -1,
  keepDims: false,
  transposeA: false,
  transposeB: false,
  layerNormalization: { axis: -1, epsilon: 0.001, center: true, scale: true },
  batchNormalization: { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true },
  embeddingsInitializer: "randomUniform",
  multiHeadAttention: { causal: false, useBias: true },
} as const;

/** The records keyed by user-chosen names, and what their values must be. */
export const NAMED_RECORDS = {
  inputs: "input",
  targets: "target",
  nodes: "node",
} as const;
export type NamedRecordField = keyof typeof NAMED_RECORDS;

export function recordExpectation(field: NamedRecordField): string {
  const what = NAMED_RECORDS[field];
  return field === "nodes"
    ? `a non-empty object mapping node names to nodes`
    : `a non-empty object mapping ${what} names to shapes, e.g. { "x": [784] }`;
}

/**
 * Names are data, so any key is a valid name, "__proto__" included. Zod skips an own "__proto__"
 * entry (and emptiness is judged on the input), so structure.ts checks both on the raw record.
 */
function namedRecord<T extends z.ZodType>(field: NamedRecordField, value: T) {
  return z.record(z.string(), value, expecting(recordExpectation(field)));
}

// ---- Loss and optimizer -----------------------------------------------------------------------

const LOSS_TYPES = [...LOSSES, "custom"];
const lossExample = `a loss object such as { "type": "mse" }`;
const lossWeight = z.number(expecting("a finite number ≥ 0")).min(0);
/** One loss term: a built-in loss comparing an output with a target, or a custom loss node. */
export const lossTermSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.enum(LOSSES),
      output: reference.optional(),
      target: reference.optional(),
      weight: lossWeight.optional(),
      delta: positiveNumber.optional(),
    }),
    z.strictObject({ type: z.literal("custom"), node: reference, weight: lossWeight.optional() }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? unknownName("loss", isObject(issue.input) ? issue.input.type : undefined, LOSS_TYPES)
        : typeUnion("loss", `{ "type": "mse" }`).error(issue),
  },
);
/** One term, or a non-empty list of terms summed with their weights. */
export const lossSchema = z.union(
  [lossTermSchema, z.array(lossTermSchema, expecting(`a non-empty list of loss objects`)).min(1)],
  expecting(`${lossExample} (or a list of them)`),
);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One strict object per optimizer; add new ones to the union. */
const nonNegative = z.number(expecting("a finite number ≥ 0")).min(0);
const fraction = z.number(expecting("a number in [0, 1)")).min(0).lt(1);
const common = {
  lr: positiveNumber.optional(),
  l2: nonNegative.optional(),
  clipNorm: positiveNumber.optional(),
  skipNonFinite: z.boolean(expecting("true or false")).optional(),
};
const adamFields = { beta1: fraction.optional(), beta2: fraction.optional(), epsilon: positiveNumber.optional() };
const sgd = z.strictObject({
  type: z.literal("sgd"),
  ...common,
  momentum: fraction.optional(),
  nesterov: z.boolean(expecting("true or false")).optional(),
});
const adam = z.strictObject({ type: z.literal("adam"), ...common, ...adamFields });
const adamw = z.strictObject({ type: z.literal("adamw"), ...common, ...adamFields, weightDecay: nonNegative.optional() });
const rmsprop = z.strictObject({
  type: z.literal("rmsprop"),
  ...common,
  rho: fraction.optional(),
  momentum: fraction.optional(),
  epsilon: positiveNumber.optional(),
});
const adagrad = z.strictObject({
  type: z.literal("adagrad"),
  ...common,
  initialAccumulatorValue: nonNegative.optional(),
  epsilon: positiveNumber.optional(),
});
export const optimizerSchema = z.discriminatedUnion(
  "type",
  [sgd, adam, adamw, rmsprop, adagrad],
  typeUnion("optimizer", `{ "type": "adam", "lr": 0.001 } (one of ${OPTIMIZERS.join(", ")})`),
);

// ---- Whole spec -------------------------------------------------------------------------------

// Key order is the usual order in a spec file, so issues are reported in reading order.
const header = {
  $schema: z.string(expecting("a string (the URL of the JSON Schema)")).optional(),
  name: nonEmptyString,
  dtype: dtypeSchema.optional(),
  target: targetSchema.optional(),
  maxBatch: maxBatchSchema.optional(),
  seed: seedSchema.optional(),
  inputs: namedRecord("inputs", shapeSpecSchema),
  targets: namedRecord("targets", shapeSpecSchema),
};
const training = { loss: lossSchema, optimizer: optimizerSchema.optional() };

export const sequentialSpecSchema = z.strictObject({
  ...header,
  layers: z.array(layerSchema, expecting("a non-empty array of layers")).min(1),
  ...training,
});

export const graphSpecSchema = z.strictObject({
  ...header,
  nodes: namedRecord("nodes", nodeSchema),
  output: z.union(
    [reference, z.array(reference, expecting("a non-empty list of node names")).min(1)],
    expecting("the name of a node, or a non-empty list of node names"),
  ),
  ...training,
});

/** Either form. Validation picks the form from the keys first (for clearer messages); this is for tools. */
export const specSchema = z.union([sequentialSpecSchema, graphSpecSchema]);

export type ParsedSequentialSpec = z.output<typeof sequentialSpecSchema>;
export type ParsedGraphSpec = z.output<typeof graphSpecSchema>;
export type ParsedSpec = ParsedSequentialSpec | ParsedGraphSpec;

// The hand-written types in types.ts and the schema describe the same data, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: [Same<ParsedSequentialSpec, SequentialSpec>, Same<ParsedGraphSpec, GraphSpec>] = [true, true];
void schemaMatchesTypes;
