// The zod schema of the input spec (structure only: types, required fields, allowed keys).
// Every object is strict; every leaf carries its own message, so no zod default text escapes.
import * as z from "zod";
import { ACTIVATIONS, type GraphSpec, INITIALIZERS, LOSSES, OPTIMIZERS, type SequentialSpec } from "./types.ts";
import { expecting, namesOf, typeUnion } from "./zod-messages.ts";

/** Largest tensor, parameter set or per-batch activation set we agree to allocate (elements). */
export const MAX_ELEMENTS = 2 ** 28;
export const MAX_BATCH = 65536;
export const MAX_SEED = 2 ** 32 - 1;

export const SPEC_DEFAULTS = {
  dtype: "f32",
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
export const LOSS_DEFAULTS = { huber: { delta: 1 } } as const;

// ---- Leaves -----------------------------------------------------------------------------------

const isPositiveInteger = (v: number) => Number.isInteger(v) && v > 0;

function positiveInt(max: number) {
  return z
    .number(expecting("a positive integer", (m) => `at most ${m}`))
    .refine(isPositiveInteger)
    .max(max);
}

const dim = positiveInt(MAX_ELEMENTS);
export const shapeSchema = z
  .array(dim, expecting("a shape (a non-empty array of positive integers, e.g. [784])"))
  .min(1);
const nonEmptyString = z.string(expecting("a non-empty string")).min(1);
const reference = z.string(expecting("the name of an input or a node")).min(1);
const finiteNumber = z.number(expecting("a finite number"));
const positiveNumber = z.number(expecting("a positive finite number")).positive();

export const dtypeSchema = z.enum(["f32", "f64"], namesOf("dtype", ["f32", "f64"]));
export const maxBatchSchema = positiveInt(MAX_BATCH);
const seed = z
  .number(expecting(`an integer from 0 to ${MAX_SEED}`))
  .refine((v) => Number.isInteger(v) && v >= 0 && v <= MAX_SEED);
const activationName = z.enum(ACTIVATIONS, namesOf("activation", ACTIVATIONS));
const initializerName = z.enum(INITIALIZERS, namesOf("initializer", INITIALIZERS));

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

// ---- Layers (sequential form) and nodes (graph form) ------------------------------------------

const denseFields = {
  units: positiveInt(MAX_ELEMENTS),
  activation: activationName.optional(),
  alpha: finiteNumber.optional(),
  useBias: z.boolean(expecting("true or false")).optional(),
  kernelInitializer: initializerName.optional(),
  biasInitializer: initializerName.optional(),
};

const denseLayer = z.strictObject({ type: z.literal("dense"), name: nonEmptyString.optional(), ...denseFields });
const activationLayer = z.strictObject({
  type: z.enum(ACTIVATIONS),
  name: nonEmptyString.optional(),
  alpha: finiteNumber.optional(),
});

const addNeedsGraphForm = (type: unknown) =>
  type === "add"
    ? `"add" needs the graph form ("nodes", where an add node lists its "inputs"); a sequential "layers" list is a single chain`
    : undefined;

export const layerSchema = z.discriminatedUnion(
  "type",
  [denseLayer, activationLayer],
  typeUnion("layer", `{ "type": "dense", "units": 32 }`, addNeedsGraphForm),
);

const denseNode = z.strictObject({ type: z.literal("dense"), input: reference, ...denseFields });
const addNode = z.strictObject({
  type: z.literal("add"),
  inputs: z.array(reference, expecting("an array of at least 2 input or node names")).min(2),
});
const activationNode = z.strictObject({ type: z.enum(ACTIVATIONS), input: reference, alpha: finiteNumber.optional() });

export const nodeSchema = z.discriminatedUnion(
  "type",
  [denseNode, addNode, activationNode],
  typeUnion("node", `{ "type": "dense", "input": "x", "units": 32 }`),
);

// ---- Loss and optimizer -----------------------------------------------------------------------

export const lossSchema = z.strictObject(
  { type: z.enum(LOSSES, namesOf("loss", LOSSES)), target: reference.optional(), delta: positiveNumber.optional() },
  expecting(`a loss object such as { "type": "mse" }`),
);

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
  maxBatch: maxBatchSchema.optional(),
  seed: seed.optional(),
  inputs: namedRecord("inputs", shapeSchema),
  targets: namedRecord("targets", shapeSchema),
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
  output: reference,
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
