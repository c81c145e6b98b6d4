// The emitter writes modules in their final form (canonical.ts): on every module of a corpus that
// reaches every activation, loss, optimizer and dtype, both kinds of product (kernels and inline)
// and the examples in f32 and f64, the text is what prettier prints, allocation-free, marked as
// the parse-based marker would mark it, and its names are the ones finalize.ts would give from a
// syntax tree (resolve-names.ts reads them off tokens). A spec with very long names cannot be laid
// out by construction: compile() then formats the module with prettier.
// The role specs of finalize.test.ts run in emitted-roles.test.ts.
import { describe, expect, it } from "vitest";
import { compile } from "../../../../../src/index.ts";
import { resolveNames } from "../../../../../compiler/backends/js/emit/resolve-names.ts";
import { finalizeModule } from "../../../../../compiler/backends/js/emit/finalize.ts";
import { formatModule } from "../../../../../compiler/backends/js/emit/format.ts";
import { exampleSpecs } from "../../../../support/examples.ts";
import { expectFinalModule } from "../../../../support/emitted-checks.ts";
import { CONFIGS, emitted, featureSpec, modesSpec, withoutLayout } from "../../../../support/emitted-corpus.ts";

async function corpus(): Promise<[string, unknown][]> {
  const specs: [string, unknown][] = [];
  for (const [file, spec] of await exampleSpecs()) {
    for (const dtype of ["f32", "f64"]) specs.push([`${file} ${dtype}`, { ...(spec as object), dtype }]);
  }
  CONFIGS.forEach((config, k) => {
    specs.push([`features ${k} (${config.loss}, ${config.optimizer.type})`, featureSpec(config, k % 2 ? [40, 3] : [3, 40, 130])]);
  });
  for (const dtype of ["f32", "f64"] as const) specs.push([`modes ${dtype} (batch norm, dropout)`, modesSpec(dtype)]);
  // predict()'s input check breaks its call only with the name in place, not with the placeholder
  // first written there (the identifier is 16 characters, the name as a string 40).
  const name = `abcdefghijklmnop${"!".repeat(22)}`;
  const nodes = { hidden: { type: "dense", input: name, units: 8, activation: "relu" }, out: { type: "dense", input: "hidden", units: 3 } };
  const optimizer = { type: "adam", lr: 0.01 };
  specs.push(["a check laid out once named", { name: "named", inputs: { [name]: [4] }, targets: { y: [3] }, nodes, output: "out", loss: { type: "mse" }, optimizer }]);
  return specs;
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
      const resolved = resolveNames(text.code, text.names);
      expect(resolved).toBe(finalizeModule(text.code, text.names));
      // The module written with the names themselves is that text, laid out anew.
      expect(withoutLayout(code)).toEqual(withoutLayout(resolved));
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
