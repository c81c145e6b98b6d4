// The zod schemas of layers (sequential form) and nodes (graph form). A node is its layer without
// `name` and with `input`; ops of several values (add, matmul, concat, ...) exist as nodes only.
import * as z from "zod";
import {
  type ActivationName,
  ACTIVATIONS,
  BINARY_OPS,
  REDUCE_OPS,
  UNARY_OPS,
} from "./types.ts";
import { expecting, namesOf, typeUnion } from "./zod-messages.ts";
import {
  activationName,
  axesSchema,
  axisSchema,
  beginSchema,
  boolean,
  constantValueSchema,
  finiteNumber,
  initializerName,
  MAX_ELEMENTS,
  nonEmptyString,
  positiveInt,
  positiveNumber,
  reference,
  sliceSizeSchema,
  targetShapeSchema,
} from "./schema-leaves.ts";

const count = positiveInt(MAX_ELEMENTS);
const PLAIN_ACTIVATIONS = ACTIVATIONS.filter((a) => a !== "softmax") as Exclude<ActivationName, "softmax">[];

/** The fields of each single-input layer, without `type`, `name` and `input`. */
const denseFields = {
  units: count,
  activation: activationName.optional(),
  alpha: finiteNumber.optional(),
  useBias: boolean.optional(),
  kernelInitializer: initializerName.optional(),
  biasInitializer: initializerName.optional(),
};
/** conv2d sizes: n, or [along height, along width]; conv1d sizes: n or [n]. Positive integers. */
function sizes2d(what: string) {
  const message = expecting(`a positive integer or [${what}h, ${what}w] of positive integers`);
  return z.union([count, z.tuple([count, count], message)], message);
}
function sizes1d(what: string) {
  const message = expecting(`a positive integer or [${what}] (one positive integer)`);
  return z.union([count, z.tuple([count], message)], message);
}
/** "valid" (default) or "same", for conv and pooling layers. */
const padding = z.enum(["valid", "same"], namesOf("padding", ["valid", "same"])).optional();
const convCommon = {
  filters: count,
  padding,
  activation: activationName.optional(),
  alpha: finiteNumber.optional(),
  useBias: boolean.optional(),
  kernelInitializer: initializerName.optional(),
  biasInitializer: initializerName.optional(),
};
const conv2dFields = { ...convCommon, kernelSize: sizes2d("k"), strides: sizes2d("s").optional(), dilationRate: sizes2d("d").optional() };
const conv1dFields = { ...convCommon, kernelSize: sizes1d("k"), strides: sizes1d("s").optional(), dilationRate: sizes1d("d").optional() };
/** A number in [0, 1) (dropout's rate) or [0, 1] (batch norm's momentum). */
const unitInterval = (closed: boolean) => {
  const message = expecting(`a number in [0, 1${closed ? "]" : ")"}`);
  const n = z.number(message).min(0, message);
  return closed ? n.max(1, message) : n.lt(1, message);
};
const pool2dFields = { poolSize: sizes2d("p").optional(), strides: sizes2d("s").optional(), padding };
const pool1dFields = { poolSize: sizes1d("p").optional(), strides: sizes1d("s").optional(), padding };
const depthwiseConv2dFields = {
  kernelSize: sizes2d("k"),
  depthMultiplier: count.optional(),
  strides: sizes2d("s").optional(),
  dilationRate: sizes2d("d").optional(),
  padding: convCommon.padding,
  activation: activationName.optional(),
  alpha: finiteNumber.optional(),
  useBias: boolean.optional(),
  depthwiseInitializer: initializerName.optional(),
  biasInitializer: initializerName.optional(),
};
const FIELDS = {
  dense: denseFields,
  conv2d: conv2dFields,
  conv1d: conv1dFields,
  pooling2d: pool2dFields,
  pooling1d: pool1dFields,
  globalPooling: {},
  depthwiseConv2d: depthwiseConv2dFields,
  activation: { alpha: finiteNumber.optional() },
  softmax: { axis: axisSchema.optional() },
  unary: {},
  scale: { factor: finiteNumber },
  reshape: { shape: targetShapeSchema },
  flatten: {},
  transpose: { perm: z.array(axisSchema, expecting("a list of axes, a permutation of the input's axes")).optional() },
  slice: { begin: beginSchema, size: sliceSizeSchema },
  reduce: { axes: axesSchema.optional(), keepDims: boolean.optional() },
  layerNormalization: {
    axis: axisSchema.optional(),
    epsilon: positiveNumber.optional(),
    center: boolean.optional(),
    scale: boolean.optional(),
  },
  batchNormalization: {
    axis: axisSchema.optional(),
    momentum: unitInterval(true).optional(),
    epsilon: positiveNumber.optional(),
    center: boolean.optional(),
    scale: boolean.optional(),
  },
  dropout: { rate: unitInterval(false) },
  embedding: { inputDim: count, outputDim: count, embeddingsInitializer: initializerName.optional() },
  multiHeadAttention: { numHeads: count, keyDim: count, causal: boolean.optional(), useBias: boolean.optional() },
};

/** `type` of each single-input layer, as a zod literal or enum. */
const TYPES = {
  dense: z.literal("dense"),
  conv2d: z.literal("conv2d"),
  conv1d: z.literal("conv1d"),
  pooling2d: z.enum(["maxPooling2d", "averagePooling2d"]),
  pooling1d: z.enum(["maxPooling1d", "averagePooling1d"]),
  globalPooling: z.enum(["globalAveragePooling2d", "globalMaxPooling2d", "globalAveragePooling1d", "globalMaxPooling1d"]),
  depthwiseConv2d: z.literal("depthwiseConv2d"),
  activation: z.enum(PLAIN_ACTIVATIONS),
  softmax: z.enum(["softmax", "logSoftmax"]),
  unary: z.enum(UNARY_OPS),
  scale: z.literal("scale"),
  reshape: z.literal("reshape"),
  flatten: z.literal("flatten"),
  transpose: z.literal("transpose"),
  slice: z.literal("slice"),
  reduce: z.enum(REDUCE_OPS),
  layerNormalization: z.literal("layerNormalization"),
  batchNormalization: z.literal("batchNormalization"),
  dropout: z.literal("dropout"),
  embedding: z.literal("embedding"),
  multiHeadAttention: z.literal("multiHeadAttention"),
} as const;
type LayerKind = keyof typeof TYPES;

function layer<K extends LayerKind>(kind: K) {
  return z.strictObject({ type: TYPES[kind], name: nonEmptyString.optional(), ...FIELDS[kind] });
}
function node<K extends Exclude<LayerKind, "multiHeadAttention">>(kind: K) {
  return z.strictObject({ type: TYPES[kind], input: reference, ...FIELDS[kind] });
}

/** Node types that read several values (or none): they need the graph form. */
const GRAPH_ONLY = ["add", ...BINARY_OPS, "constant", "matmul", "concat"];
const needsGraphForm = (type: unknown) =>
  typeof type === "string" && GRAPH_ONLY.includes(type)
    ? `${JSON.stringify(type)} needs the graph form ("nodes", where ${type === "constant" ? "a constant node has a \"value\"" : `${type === "add" ? "an" : "a"} ${type} node lists its "inputs"`}); a sequential "layers" list is a single chain`
    : undefined;

export const layerSchema = z.discriminatedUnion(
  "type",
  [
    layer("dense"),
    layer("activation"),
    layer("softmax"),
    layer("unary"),
    layer("scale"),
    layer("reshape"),
    layer("flatten"),
    layer("transpose"),
    layer("slice"),
    layer("reduce"),
    layer("layerNormalization"),
    layer("batchNormalization"),
    layer("dropout"),
    layer("embedding"),
    layer("multiHeadAttention"),
    layer("conv2d"),
    layer("conv1d"),
    layer("pooling2d"),
    layer("pooling1d"),
    layer("globalPooling"),
    layer("depthwiseConv2d"),
  ],
  typeUnion("layer", `{ "type": "dense", "units": 32 }`, needsGraphForm),
);

const pair = z.tuple([reference, reference], expecting("a list of exactly 2 input or node names"));
const atLeastTwo = z.array(reference, expecting("an array of at least 2 input or node names")).min(2);

export const nodeSchema = z.discriminatedUnion(
  "type",
  [
    node("dense"),
    z.strictObject({ type: z.literal("add"), inputs: atLeastTwo }),
    node("activation"),
    node("softmax"),
    node("unary"),
    z.strictObject({ type: z.enum(BINARY_OPS), inputs: pair }),
    node("scale"),
    z.strictObject({ type: z.literal("constant"), value: constantValueSchema }),
    z.strictObject({
      type: z.literal("matmul"),
      inputs: pair,
      transposeA: boolean.optional(),
      transposeB: boolean.optional(),
    }),
    node("reshape"),
    node("flatten"),
    node("transpose"),
    z.strictObject({ type: z.literal("concat"), inputs: atLeastTwo, axis: axisSchema.optional() }),
    node("slice"),
    node("reduce"),
    node("layerNormalization"),
    node("batchNormalization"),
    node("dropout"),
    node("embedding"),
    z.strictObject({
      type: TYPES.multiHeadAttention,
      input: reference.optional(),
      inputs: pair.optional(),
      ...FIELDS.multiHeadAttention,
    }),
    node("conv2d"),
    node("conv1d"),
    node("pooling2d"),
    node("pooling1d"),
    node("globalPooling"),
    node("depthwiseConv2d"),
  ],
  typeUnion("node", `{ "type": "dense", "input": "x", "units": 32 }`),
);
