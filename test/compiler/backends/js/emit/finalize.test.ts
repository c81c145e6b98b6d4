// No spec name can collide with what the emitter writes. The names tried are read off emitted
// modules (every identifier of modules that use every activation, loss, optimizer, dtype and kind
// of product), plus every member objects inherit; each is then an input, a target, a dense layer
// and a standalone activation layer of a network using every feature again. Each module parses,
// type-checks, runs, and keeps its methods and inherited members (String(model) works).
import { afterAll, describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { compile } from "../../../../../src/index.ts";
import { finalizeModule } from "../../../../../compiler/backends/js/emit/finalize.ts";
import { NameTable } from "../../../../../compiler/backends/js/emit/names.ts";
import { loadModule } from "../../../../support/load-module.ts";
import { randomBatch } from "../../../../support/compile-example.ts";
import { typecheckModules } from "../../../../support/typecheck-batch.ts";
import { tokens } from "../../../../support/tokens.ts";
import { CONFIGS as ALL_CONFIGS, featureSpec as wideAndNarrowSpec, roleSpec } from "../../../../support/emitted-corpus.ts";

// The corpus's first four configurations: both dtypes, four losses and optimizers (every module
// here is type-checked, loaded and trained, so the other three are left to emitted-corpus.test.ts).
const CONFIGS = ALL_CONFIGS.slice(0, 4);
const featureSpec = (config: (typeof CONFIGS)[number]) => wideAndNarrowSpec(config, [3, 40]);

/** Identifiers in the code: what the emitter declares and uses, and the names it derived. */
function identifiers(code: string): string[] {
  return tokens(code)
    .filter((t) => t.kind === ts.SyntaxKind.Identifier)
    .map((t) => t.text);
}

/** A budget, not a measurement: each test compiles networks of a hundred-odd layers. */
const HEAVY = 300_000;

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
    expect(names).toEqual(expect.arrayContaining(["value", "batch", "toString", "checkInput", "computeForward", "gelu", "acc", "i", "x0", "A"]));
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
  // The resolution rule's shared case runs against finalizeModule and resolveNames in
  // resolve-names.test.ts.
  it("marks indexed reads in the same pass", () => {
    const t = new NameTable();
    const v = t.claim("a");
    expect(finalizeModule(`function f(${v}: Float32Array): number { ${v}[0] = ${v}[1]; return ${v}[0]; }`, t)).toBe(
      "function f(a: Float32Array): number { a[0] = a[1]!; return a[0]!; }",
    );
  });
});
