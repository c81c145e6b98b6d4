// The emitter writes modules in their final form (canonical.ts): on every module of a corpus that
// reaches every activation, loss, optimizer and dtype, both kinds of product (kernels and inline)
// and the examples in f32 and f64, the text is what prettier prints, allocation-free, marked as
// the parse-based marker would mark it, and its names are the ones finalize.ts would give from a
// syntax tree (resolve-names.ts reads them off tokens). A spec with very long names cannot be laid
// out by construction: compile() then formats the module with prettier.
import { describe, expect, it } from "vitest";
import { compile, validateSpec } from "../../../../src/index.ts";
import { compileSpec } from "../../../../compiler/index.ts";
import { emitModule, emitModuleText } from "../../../../compiler/phases/5-emit/module.ts";
import { finalizeModule } from "../../../../compiler/phases/5-emit/finalize.ts";
import { resolveNames } from "../../../../compiler/phases/5-emit/resolve-names.ts";
import { formatModule } from "../../../../compiler/phases/5-emit/format.ts";
import { exampleSpecs } from "../../../support/examples.ts";
import { expectFinalModule } from "../../../support/emitted-checks.ts";

const ACTIVATIONS = ["relu", "leakyRelu", "elu", "sigmoid", "tanh", "softplus", "gelu", "silu", "softmax", "identity"];
const CONFIGS = [
  { dtype: "f32", loss: "softmaxCrossEntropy", optimizer: { type: "adam", lr: 0.01, clipNorm: 1 } },
  { dtype: "f64", loss: "sigmoidCrossEntropy", optimizer: { type: "rmsprop", lr: 0.01, momentum: 0.9, l2: 0.01 } },
  { dtype: "f32", loss: "mse", optimizer: { type: "sgd", lr: 0.01, momentum: 0.9, nesterov: true } },
  { dtype: "f64", loss: "mse", optimizer: { type: "adamw", lr: 0.01, weightDecay: 0.01 } },
  { dtype: "f32", loss: "meanAbsoluteError", optimizer: { type: "adagrad", lr: 0.01 } },
  { dtype: "f64", loss: "huber", optimizer: { type: "rmsprop", lr: 0.01, skipNonFinite: false } },
  { dtype: "f32", loss: "mse", optimizer: { type: "sgd", lr: 1e21 } },
] as const;

/** Every activation, wide and narrow products (module-level kernels and inline ones), two inputs. */
function featureSpec(config: (typeof CONFIGS)[number], units: readonly number[]) {
  const nodes: Record<string, unknown> = { sum: { type: "add", inputs: ["a", "b"] } };
  let previous = "sum";
  ACTIVATIONS.forEach((activation, i) => {
    nodes[`dense${i}`] = { type: "dense", input: previous, units: units[i % units.length], activation };
    previous = `dense${i}`;
  });
  nodes.head = { type: "dense", input: previous, units: 2 };
  return { name: "features", ...config, maxBatch: 70, inputs: { a: [5], b: [5] }, targets: { y: [2] }, nodes, output: "head", loss: { type: config.loss } };
}

async function corpus(): Promise<[string, unknown][]> {
  const specs: [string, unknown][] = [];
  for (const [file, spec] of await exampleSpecs()) {
    for (const dtype of ["f32", "f64"]) specs.push([`${file} ${dtype}`, { ...(spec as object), dtype }]);
  }
  CONFIGS.forEach((config, k) => {
    specs.push([`features ${k} (${config.loss}, ${config.optimizer.type})`, featureSpec(config, k % 2 ? [40, 3] : [3, 40, 130])]);
  });
  return specs;
}

/** The text compileGraph emits, and whether the emitter vouched for its layout. */
async function emitted(spec: unknown) {
  const { graph, memoryPlan, meta } = await compileSpec(validateSpec(spec));
  const reasons: string[] = [];
  const code = emitModule(graph, memoryPlan, meta, (r) => reasons.push(...r));
  return { code, reasons, text: emitModuleText(graph, memoryPlan, meta) };
}

/** A budget, not a measurement: prettier and the TypeScript parser over a dozen modules. */
const HEAVY = 300_000;

describe("emitted modules are final by construction", () => {
  it("on every module of the corpus: prettier's text, allocation-free, marked, named as from a syntax tree", async () => {
    for (const [label, spec] of await corpus()) {
      const { code, reasons, text } = await emitted(spec);
      expect([label, reasons]).toEqual([label, []]);
      expect((await compile(spec)).code).toBe(code);
      await expectFinalModule(code);
      // Same names as the parse-based finalize, which would also add any mark the emitter missed.
      expect(resolveNames(text.code, text.names)).toBe(finalizeModule(text.code, text.names));
    }
  }, HEAVY);

  it("falls back to prettier when names are too long for a line", async () => {
    const long = "a_layer_whose_name_is_long_enough_that_no_statement_naming_it_fits_in_one_hundred_columns";
    const spec = {
      name: "long names",
      inputs: { [`${long}_input`]: [3] },
      targets: { y: [2] },
      nodes: { [long]: { type: "dense", input: `${long}_input`, units: 2, activation: "tanh" } },
      output: long,
      loss: { type: "mse" },
      optimizer: { type: "sgd", lr: 0.1 },
    };
    const { code, reasons } = await emitted(spec);
    expect(reasons.length).toBeGreaterThan(0);
    const compiled = (await compile(spec)).code;
    expect(compiled).toBe(await formatModule(code));
    await expectFinalModule(compiled);
  }, HEAVY);
});
