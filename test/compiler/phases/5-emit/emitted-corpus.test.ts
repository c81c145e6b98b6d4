// The emitter writes modules in their final form (canonical.ts): on every module of a corpus that
// reaches every activation, loss, optimizer and dtype, both kinds of product (kernels and inline)
// and the examples in f32 and f64, the text is what prettier prints, allocation-free, marked as
// the parse-based marker would mark it, and its names are the ones finalize.ts would give from a
// syntax tree (resolve-names.ts reads them off tokens). A spec with very long names cannot be laid
// out by construction: compile() then formats the module with prettier. The role specs of
// finalize.test.ts (every identifier the emitter writes, as every kind of spec name) run here too.
import { describe, expect, it } from "vitest";
import { compile, validateSpec } from "../../../../src/index.ts";
import { compileSpec } from "../../../../compiler/index.ts";
import { emitModule, emitModuleText } from "../../../../compiler/phases/5-emit/module.ts";
import { finalizeModule } from "../../../../compiler/phases/5-emit/finalize.ts";
import { resolveNames } from "../../../../compiler/phases/5-emit/resolve-names.ts";
import { lex } from "../../../../compiler/phases/5-emit/lex.ts";
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

const ROLES = ["input", "target", "dense layer", "activation layer"] as const;

/** As in finalize.test.ts: name i in role (i + shift) mod 4; scaffolding names hold a "·". */
function roleSpec(names: readonly string[], shift: number, config: (typeof CONFIGS)[number]) {
  const role = (i: number) => ROLES[(i + shift) % ROLES.length];
  const inputs: Record<string, number[]> = { "in·0": [2] };
  const targets: Record<string, number[]> = { "target·0": [2] };
  const nodes: Record<string, unknown> = {};
  const put = (record: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  names.forEach((n, i) => {
    if (role(i) === "input") put(inputs, n, [2]);
    if (role(i) === "target") put(targets, n, [2]);
  });
  nodes["sum·0"] = { type: "add", inputs: Object.keys(inputs) };
  let previous = "sum·0";
  names.forEach((n, i) => {
    const activation = ACTIVATIONS[i % ACTIVATIONS.length];
    if (role(i) === "dense layer") put(nodes, n, { type: "dense", input: previous, units: 2, activation });
    else if (role(i) === "activation layer") put(nodes, n, { type: activation === "identity" ? "tanh" : activation, input: previous });
    else return;
    previous = n;
  });
  nodes["head·0"] = { type: "dense", input: previous, units: 2 };
  return { name: `roles ${shift}`, ...config, maxBatch: 3, seed: shift, inputs, targets, nodes, output: "head·0", loss: { type: config.loss, target: "target·0" } };
}

async function corpus(): Promise<[string, unknown][]> {
  const specs: [string, unknown][] = [];
  for (const [file, spec] of await exampleSpecs()) {
    for (const dtype of ["f32", "f64"]) specs.push([`${file} ${dtype}`, { ...(spec as object), dtype }]);
  }
  CONFIGS.forEach((config, k) => {
    specs.push([`features ${k} (${config.loss}, ${config.optimizer.type})`, featureSpec(config, k % 2 ? [40, 3] : [3, 40, 130])]);
  });
  // predict()'s input check breaks its call only with the name in place, not with the placeholder
  // first written there (the identifier is 16 characters, the name as a string 40).
  const name = `abcdefghijklmnop${"!".repeat(22)}`;
  const nodes = { hidden: { type: "dense", input: name, units: 8, activation: "relu" }, out: { type: "dense", input: "hidden", units: 3 } };
  const optimizer = { type: "adam", lr: 0.01 };
  specs.push(["a check laid out once named", { name: "named", inputs: { [name]: [4] }, targets: { y: [3] }, nodes, output: "out", loss: { type: "mse" }, optimizer }]);
  return specs;
}

/** The text compileGraph emits, and whether the emitter vouched for its layout. */
async function emitted(spec: unknown) {
  const { graph, memoryPlan, meta } = await compileSpec(validateSpec(spec));
  const reasons: string[] = [];
  const code = emitModule(graph, memoryPlan, meta, (r) => reasons.push(...r));
  return { code, reasons, text: emitModuleText(graph, memoryPlan, meta) };
}

/** A module without its layout: no whitespace, no trailing comma a broken list gains. */
function withoutLayout(code: string): string {
  return code.replace(/,(\s*[)\]}])/g, "$1").replace(/\s+/g, "");
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

  it("with every identifier the emitter writes as a spec name, in every role (finalize.test.ts's corpus)", async () => {
    const found = new Set<string>(Object.getOwnPropertyNames(Object.prototype));
    for (const [k, config] of CONFIGS.slice(0, 4).entries()) {
      const { code } = await emitted(featureSpec(config, k % 2 ? [40, 3] : [3, 40, 130]));
      for (const t of lex(code)) if (t.kind === "identifier") found.add(t.text);
    }
    const names = [...found].sort();
    for (const [shift, config] of CONFIGS.slice(0, 4).entries()) {
      const spec = roleSpec(names, shift, config);
      const { code, text } = await emitted(spec);
      // Hundreds of inputs make signatures too long to write by construction: prettier lays them out.
      await expectFinalModule((await compile(spec)).code);
      const resolved = resolveNames(text.code, text.names);
      expect(resolved).toBe(finalizeModule(text.code, text.names));
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
