// The spec front end: types, builders, JSON reading and validation into a NormalizedSpec.
// Everything the compiler and the CLI need from src/spec is re-exported here.
export * from "./types.ts";
export * from "./builders.ts";
export { parseSpecJson } from "./json.ts";
export { validateSpec, type SpecOverrides } from "./validate.ts";
export {
  specSchema,
  sequentialSpecSchema,
  graphSpecSchema,
  SPEC_DEFAULTS,
  MAX_ELEMENTS,
  MAX_BATCH,
  type ParsedSpec,
} from "./schema.ts";
