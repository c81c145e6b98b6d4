// No spec name can collide with what the emitter writes. The names tried are read off emitted
// modules (every identifier of modules that use every activation, loss, optimizer, dtype and kind
// of product), plus every member objects inherit; each is then an input, a target, a dense layer
// and a standalone activation layer of a network using every feature again. Each module parses,
// type-checks, runs, and keeps its methods and inherited members (String(model) works).
import { afterAll, describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { compile } from "../../../../src/index.ts";
import { finalizeModule } from "../../../../compiler/phases/5-emit/finalize.ts";
import { NameTable } from "../../../../compiler/phases/5-emit/names.ts";
import { loadModule } from "../../../support/load-module.ts";
import { randomBatch } from "../../../support/compile-example.ts";
import { typecheckModules } from "../../../support/typecheck-batch.ts";
import { tokens } from "../../../support/tokens.ts";

const ACTIVATIONS = ["relu", "leakyRelu", "elu", "sigmoid", "tanh", "softplus", "gelu", "silu", "softmax", "identity"];
const CONFIGS = [
  { dtype: "f32", loss: "softmaxCrossEntropy", optimizer: { type: "adam", lr: 0.01, clipNorm: 1 } },
  { dtype: "f64", loss: "sigmoidCrossEntropy", optimizer: { type: "rmsprop", lr: 0.01, momentum: 0.9, l2: 0.01 } },
  { dtype: "f32", loss: "mse", optimizer: { type: "sgd", lr: 0.01, momentum: 0.9, nesterov: true } },
  { dtype: "f64", loss: "mse", optimizer: { type: "adamw", lr: 0.01, weightDecay: 0.01 } },
] as const;

/** Every feature of the emitter: each activation, wide and narrow products (kernels and inline), two inputs. */
function featureSpec(config: (typeof CONFIGS)[number]) {
  const nodes: Record<string, unknown> = { sum: { type: "add", inputs: ["a", "b"] } };
  let previous = "sum";
  ACTIVATIONS.forEach((activation, i) => {
    nodes[`dense${i}`] = { type: "dense", input: previous, units: i % 2 ? 40 : 3, activation };
    previous = `dense${i}`;
  });
  nodes.head = { type: "dense", input: previous, units: 2 };
  return { name: "features", ...config, maxBatch: 70, inputs: { a: [5], b: [5] }, targets: { y: [2] }, nodes, output: "head", loss: { type: config.loss } };
}

/** Identifiers in the code: what the emitter declares and uses, and the names it derived. */
function identifiers(code: string): string[] {
  return tokens(code)
    .filter((t) => t.kind === ts.SyntaxKind.Identifier)
    .map((t) => t.text);
}

/** A budget, not a measurement: each test compiles networks of a hundred-odd layers. */
const HEAVY = 300_000;

const ROLES = ["input", "target", "dense layer", "activation layer"] as const;

/**
 * `names` each in one role (name i in role (i + shift) mod 4): inputs summed, then dense layers and
 * standalone activations in turn. Scaffolding names hold a "·", which no identifier has.
 */
function roleSpec(names: readonly string[], shift: number, config: (typeof CONFIGS)[number]) {
  const role = (i: number) => ROLES[(i + shift) % ROLES.length];
  const inputs: Record<string, number[]> = { "in·0": [2] };
  const targets: Record<string, number[]> = { "target·0": [2] };
  const nodes: Record<string, unknown> = {};
  // defineProperty: `record["__proto__"] = v` would set the prototype instead of a key.
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
  return {
    name: `roles ${shift}`,
    ...config,
    maxBatch: 3,
    seed: shift,
    inputs,
    targets,
    nodes,
    output: "head·0",
    loss: { type: config.loss, target: "target·0" },
  };
}

const typecheck = new Map<string, string>();
afterAll(() => {
  // One TypeScript program for the modules (see test/support/typecheck-batch.ts).
  const labels = [...typecheck.keys()];
  const problems = typecheckModules([...typecheck.values()]);
  expect(problems.map((p, i) => [labels[i], p.slice(0, 5)]).filter(([, p]) => p!.length > 0)).toEqual([]);
}, HEAVY);

describe("spec names never collide with the emitter's locals and members", () => {
  let names: string[] = [];

  it("reads the names to try off emitted modules", async () => {
    const found = new Set<string>(Object.getOwnPropertyNames(Object.prototype));
    for (const config of CONFIGS) for (const id of identifiers((await compile(featureSpec(config))).code)) found.add(id);
    names = [...found].sort();
    // The names the emitter itself declares are among them (a sample, so the list is not empty by accident).
    expect(names).toEqual(expect.arrayContaining(["value", "batch", "toString", "checkInput", "computeForward", "gelu", "sumY", "i", "x0", "A"]));
  }, HEAVY);

  it.each(CONFIGS.map((config, shift) => [shift, config.dtype, config.loss, config] as const))(
    "every name in every role, rotation %i (%s, %s)",
    async (shift, _dtype, loss, config) => {
      expect(names.length).toBeGreaterThan(100);
      const spec = roleSpec(names, shift, config);
      const { code, layout } = await compile(spec);
      typecheck.set(`rotation ${shift}`, code);
      expect(layout.inputs.map((v) => v.name)).toEqual(Object.keys(spec.inputs));
      expect(layout.targets.map((v) => v.name)).toEqual(Object.keys(spec.targets));

      const module = await loadModule(code);
      const model = new module.Model({ seed: 1 });
      // No field named after the spec shadows a method of the class or a member of every object.
      const inherited = [module.Model.prototype, Object.prototype].flatMap((p) => Object.getOwnPropertyNames(p));
      expect(inherited.filter((member) => Object.getOwnPropertyDescriptor(model, member) !== undefined)).toEqual([]);
      expect(String(model)).toBe("[object Object]");

      const { args, inputs } = randomBatch(module, 3, shift, loss);
      const value = model.trainStep(...args, 3);
      expect(Number.isFinite(value)).toBe(true);
      const out = model.forward(...inputs, 3);
      expect(Array.from(out.subarray(0, 6)).every(Number.isFinite)).toBe(true);
    },
    HEAVY,
  );
});

describe("finalizeModule", () => {
  it("gives claimed names identifiers the module does not use where they are visible", () => {
    const t = new NameTable();
    const [a, b, c] = ["value", "helper", "x"].map((hint) => t.claim(hint));
    const code = [
      `function helper(x: number): number { return x; }`,
      `function kernel(${c}: number): number { return ${c}; }`,
      `class Model { ${a} = 1; run(${b}: number): number { const value = helper(${b}); return value + this.${a}; } }`,
    ].join("\n");
    // `value` is a local of a method holding claimed names, `helper` a module-level function; `x`
    // is only a parameter of a function that holds no claimed name: free.
    expect(finalizeModule(code, t)).toBe(
      [
        `function helper(x: number): number { return x; }`,
        `function kernel(x: number): number { return x; }`,
        `class Model { value_2 = 1; run(helper_2: number): number { const value = helper(helper_2); return value + this.value_2; } }`,
      ].join("\n"),
    );
  });

  it("marks indexed reads in the same pass", () => {
    const t = new NameTable();
    const v = t.claim("a");
    expect(finalizeModule(`function f(${v}: Float32Array): number { ${v}[0] = ${v}[1]; return ${v}[0]; }`, t)).toBe(
      "function f(a: Float32Array): number { a[0] = a[1]!; return a[0]!; }",
    );
  });
});
