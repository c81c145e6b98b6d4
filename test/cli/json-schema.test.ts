// The published JSON Schema: schema/tapeless.schema.json is what src/spec/json-schema.ts generates
// from the validator's own zod schema (kept fresh by `npm run build`), and it agrees with
// validateSpec on valid and invalid specs (checked with a small draft-07 subset validator).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { specJsonSchema, specJsonSchemaText } from "../../src/spec/json-schema.ts";
import { validateSpec } from "../../src/spec/validate.ts";
import { XOR_JSON } from "./fixtures.ts";
import { TENSOR_SPEC } from "../spec/fixtures.ts";
import { ROOT } from "./run.ts";

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The draft-07 keywords the generated schema uses; enough to tell valid from invalid here. */
function valid(s: Schema, v: unknown, root: Schema = s): boolean {
  if (typeof s.$ref === "string") {
    const name = /^#\/definitions\/(.+)$/.exec(s.$ref)?.[1];
    return name !== undefined && valid(root.definitions[name], v, root);
  }
  if (s.anyOf && !s.anyOf.some((x: Schema) => valid(x, v, root))) return false;
  if (s.oneOf && s.oneOf.filter((x: Schema) => valid(x, v, root)).length !== 1) return false;
  if (s.const !== undefined && v !== s.const) return false;
  if (s.not && valid(s.not, v, root)) return false;
  if (s.enum && !s.enum.includes(v)) return false;
  const t = s.type;
  if (t === "object") {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    for (const k of s.required ?? []) if (!(k in o)) return false;
    for (const [k, x] of Object.entries(o)) {
      const p = s.properties?.[k];
      if (p) {
        if (!valid(p, x, root)) return false;
      } else if (s.additionalProperties === false) return false;
      else if (typeof s.additionalProperties === "object" && !valid(s.additionalProperties, x, root))
        return false;
    }
  }
  if (t === "array") {
    if (!Array.isArray(v) || v.length < (s.minItems ?? 0) || v.length > (s.maxItems ?? Infinity)) return false;
    const itemSchema = (i: number) => (Array.isArray(s.items) ? s.items[i] : s.items);
    if (s.items && !v.every((x, i) => itemSchema(i) === undefined || valid(itemSchema(i), x, root))) return false;
  }
  if (t === "string" && (typeof v !== "string" || v.length < (s.minLength ?? 0))) return false;
  if (t === "boolean" && typeof v !== "boolean") return false;
  if (t === "number" || t === "integer") {
    if (typeof v !== "number" || (t === "integer" && !Number.isInteger(v))) return false;
    if (s.minimum !== undefined && v < s.minimum) return false;
    if (s.maximum !== undefined && v > s.maximum) return false;
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) return false;
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) return false;
  }
  return true;
}

const XOR = JSON.parse(XOR_JSON) as Record<string, unknown>;
const layer = (patch: Record<string, unknown>) => ({
  ...XOR,
  layers: [
    { type: "dense", units: 8, ...patch },
    { type: "dense", units: 1 },
  ],
});
const accepts = (spec: unknown) => {
  try {
    validateSpec(spec);
    return true;
  } catch {
    return false;
  }
};

describe("the published JSON Schema", () => {
  it("is the committed schema/tapeless.schema.json (npm run build regenerates it)", () => {
    const committed = readFileSync(join(ROOT, "schema", "tapeless.schema.json"), "utf8");
    expect(committed, "schema/tapeless.schema.json is stale: run npm run build").toBe(
      specJsonSchemaText(),
    );
  });

  it("describes both forms, with integer bounds read back from the validator and descriptions", () => {
    const schema = specJsonSchema() as Schema;
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.anyOf).toHaveLength(2);
    const [sequential] = schema.anyOf;
    expect(sequential.additionalProperties).toBe(false);
    expect(sequential.properties.seed).toMatchObject({
      type: "integer",
      minimum: 0,
      maximum: 2 ** 32 - 1,
    });
    expect(sequential.properties.maxBatch).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 65536,
    });
    expect(sequential.properties.name.description).toMatch(/Model name/);
    expect(sequential.properties.layers.items.oneOf[0].properties.units).toMatchObject({
      type: "integer",
      minimum: 1,
      description: "Output width of a dense layer",
    });
  });

  it("agrees with the validator on valid and invalid specs", () => {
    const schema = specJsonSchema();
    const cases: [string, unknown][] = [
      ["xor", XOR],
      ["with $schema", { $schema: "./node_modules/tapeless/schema/tapeless.schema.json", ...XOR }],
      ["negative units", layer({ units: -3 })],
      ["fractional units", layer({ units: 1.5 })],
      ["unknown key", layer({ unitz: 3 })],
      ["unknown activation", layer({ activation: "swish" })],
      ["seed too large", { ...XOR, seed: 2 ** 32 }],
      ["seed at the limit", { ...XOR, seed: 2 ** 32 - 1 }],
      ["dtype f16", { ...XOR, dtype: "f16" }],
      ["adam with beta1 = 1", { ...XOR, optimizer: { type: "adam", beta1: 1 } }],
      ["adam", { ...XOR, optimizer: { type: "adam", lr: 0.001, beta1: 0.8 } }],
      [
        "graph form",
        {
          name: "g",
          inputs: { x: [2] },
          targets: { y: [1] },
          nodes: { o: { type: "dense", input: "x", units: 1 } },
          output: "o",
          loss: { type: "mse" },
        },
      ],
      ["no loss", { ...XOR, loss: undefined }],
      ["every tensor node kind, loss terms, several outputs", TENSOR_SPEC],
      ["int32 dtype misspelt", { ...TENSOR_SPEC, inputs: { tokens: { shape: [8], dtype: "int" } } }],
      ["constant with a string", { ...TENSOR_SPEC, nodes: { ...TENSOR_SPEC.nodes, pos: { type: "constant", value: [["a"]] } } }],
      ["loss weight negative", { ...TENSOR_SPEC, loss: [{ type: "mse", weight: -1 }] }],
      ["empty loss list", { ...TENSOR_SPEC, loss: [] }],
      ["custom loss with a target", { ...TENSOR_SPEC, loss: { type: "custom", node: "nll", target: "next" } }],
      ["numHeads 0", { ...TENSOR_SPEC, nodes: { ...TENSOR_SPEC.nodes, att: { type: "multiHeadAttention", input: "ln", numHeads: 0, keyDim: 2 } } }],
      ["matmul of three", { ...TENSOR_SPEC, nodes: { ...TENSOR_SPEC.nodes, scores: { type: "matmul", inputs: ["k", "l", "k"] } } }],
      ["reshape to a zero dimension", { ...TENSOR_SPEC, nodes: { ...TENSOR_SPEC.nodes, rs: { type: "reshape", input: "f", shape: [0, -1] } } }],
      ["sequential tensor layers", { name: "s", inputs: { t: { shape: [4], dtype: "int32" } }, targets: { y: [] }, layers: [{ type: "embedding", inputDim: 5, outputDim: 2 }, { type: "multiHeadAttention", numHeads: 1, keyDim: 2, causal: true }, { type: "layerNormalization" }, { type: "flatten" }, { type: "sum" }], loss: { type: "mse" } }],
    ];
    for (const [what, spec] of cases) {
      const data = JSON.parse(JSON.stringify(spec)) as unknown;
      expect(valid(schema, data), what).toBe(accepts(data));
    }
  });
});
