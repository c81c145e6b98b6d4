// Zod leaves shared by every part of the spec schema: sizes, names, numbers, axes, enums.
// Each carries its own message (expecting / namesOf), so zod's default text never reaches a user.
import * as z from "zod";
import { ACTIVATIONS, INITIALIZERS } from "./types.ts";
import { expecting, namesOf } from "./zod-messages.ts";

/** Largest tensor, parameter set or per-batch activation set we agree to allocate (elements). */
export const MAX_ELEMENTS = 2 ** 28;
export const MAX_BATCH = 65536;
export const MAX_SEED = 2 ** 32 - 1;

const isPositiveInteger = (v: number) => Number.isInteger(v) && v > 0;

export function positiveInt(max: number) {
  return z
    .number(expecting("a positive integer", (m) => `at most ${m}`))
    .refine(isPositiveInteger)
    .max(max);
}

const dim = positiveInt(MAX_ELEMENTS);
const SHAPE_EXAMPLE = "an array of positive integers, e.g. [784]";
export const shapeSchema = z.array(dim, expecting(`a shape (${SHAPE_EXAMPLE})`));
const valueDType = z.enum(["float", "int32"], namesOf("value dtype", ["float", "int32"]));
const valueSpecSchema = z.strictObject(
  { shape: shapeSchema, dtype: valueDType.optional() },
  expecting(`a shape such as { "shape": [16], "dtype": "int32" }`),
);
/** An input or target: a per-sample shape, or `{ shape, dtype }`. */
export const shapeSpecSchema = z.union(
  [shapeSchema, valueSpecSchema],
  expecting(`a shape (${SHAPE_EXAMPLE}) or { "shape": [16], "dtype": "int32" }`),
);

export const nonEmptyString = z.string(expecting("a non-empty string")).min(1);
export const reference = z.string(expecting("the name of an input or a node")).min(1);
export const finiteNumber = z.number(expecting("a finite number"));
export const positiveNumber = z.number(expecting("a positive finite number")).positive();
export const boolean = z.boolean(expecting("true or false"));

/** A per-sample axis: 0, 1, … from the front, -1, -2, … from the end. */
export const axisSchema = z
  .number(expecting("an axis (an integer; negative counts from the end)"))
  .refine((v) => Number.isInteger(v));
export const axesSchema = z.union(
  [axisSchema, z.array(axisSchema)],
  expecting("an axis or a list of axes (integers; negative counts from the end)"),
);
const isIndex = (v: number) => Number.isInteger(v) && v >= 0;
/** Per-axis start offsets (non-negative integers). */
export const beginSchema = z.array(
  z.number(expecting("a non-negative integer")).refine(isIndex),
  expecting("a list of non-negative integers, one per axis"),
);
const sizeOrRest = (v: number) => Number.isInteger(v) && (v > 0 || v === -1);
/** Per-axis sizes: positive integers, or -1 for "to the end". */
export const sliceSizeSchema = z.array(
  z.number(expecting("a positive integer or -1 (to the end)")).refine(sizeOrRest),
  expecting("a list of sizes (positive integers, or -1 for to the end), one per axis"),
);
/** A reshape target: positive integers, and at most one -1 (checked with the input's shape). */
export const targetShapeSchema = z.array(
  z.number(expecting("a positive integer or -1 (inferred)")).refine(sizeOrRest).max(MAX_ELEMENTS),
  expecting("a shape (positive integers, one of them may be -1)"),
);

type Nested = number | Nested[];
/** A constant: a finite number or a nested array of them (rectangularity is checked later). */
export const constantValueSchema: z.ZodType<Nested> = z
  .lazy(() => z.union([finiteNumber, z.array(constantValueSchema)], expecting("a number or a nested array of numbers")))
  .meta({ id: "constantValue" });

export const dtypeSchema = z.enum(["f32", "f64"], namesOf("dtype", ["f32", "f64"]));
export const maxBatchSchema = positiveInt(MAX_BATCH);
/** The backend: "js" (TypeScript loops) or "wasm" (a WebAssembly SIMD binary inside the same module). */
export const targetSchema = z.enum(["js", "wasm"], namesOf("target", ["js", "wasm"]));
export const seedSchema = z
  .number(expecting(`an integer from 0 to ${MAX_SEED}`))
  .refine((v) => Number.isInteger(v) && v >= 0 && v <= MAX_SEED);
export const activationName = z.enum(ACTIVATIONS, namesOf("activation", ACTIVATIONS));
export const initializerName = z.enum(INITIALIZERS, namesOf("initializer", INITIALIZERS));
