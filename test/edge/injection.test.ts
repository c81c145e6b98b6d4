// Names designed to break the emitted code compile to valid, safe modules. Every name below is used
// as the model name, an input, a target and two layers of a network; for each module:
//   - it type-checks (strict) and runs, and running it has no side effect (globalThis untouched);
//   - the layout keeps every name exactly as written (the user's name survives, escaped);
//   - every identifier in the code is plain ASCII, and outside string literals and comments the
//     code never contains the name (so it cannot have become code);
//   - the IR prints, parses and prints back identically.
// Plus names that collide with the names tapeless itself derives (h.kernel, h.z, loss, %0, ...).
import { afterAll, describe, expect, it } from "vitest";
import { ts } from "ts-morph";
import { compile } from "../../src/index.ts";
import { parseGraph } from "../../compiler/ir/parse.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import { loadModule } from "../support/load-module.ts";
import { typecheckModules } from "../support/typecheck-batch.ts";
import { rng } from "../support/finite-diff.ts";
import { tokens } from "../support/tokens.ts";

const HOSTILE = [
  'q"uote',
  "sin'gle",
  "back`tick",
  "${(globalThis as any).pwned = 1}",
  "`+(globalThis.pwned=1)+`",
  "*/ globalThis.pwned = 1; /*",
  "// line comment",
  "new\nline",
  "cr\rreturn",
  "ls\u2028ps\u2029",
  '"); globalThis.pwned = 1; //',
  "'); globalThis.pwned = 1; //",
  "</script><script>globalThis.pwned=1</script>",
  "back\\slash\\",
  "ünïcödé ☃ 🦀",
  "\u202eRTL override",
  "zero\u200bwidth",
  "nul\u0000char",
  "lone\ud800surrogate",
  "{0}{1}{out}",
  "%0 = matmul %x",
  "#: comment ; , ( ) { } [ ]",
  "class",
  "constructor",
  "__proto__",
  "prototype",
  "toString",
  "hasOwnProperty",
  "params",
  "Model",
  "layout",
  "Math",
  "undefined",
  "eval",
  "x".repeat(3000),
];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const LITERALS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.SingleLineCommentTrivia,
  ts.SyntaxKind.MultiLineCommentTrivia,
]);

/** Identifiers, and the code with every comment and string / template literal removed. */
function scan(code: string): { identifiers: string[]; bare: string } {
  const all = tokens(code);
  return {
    identifiers: all.filter((t) => t.kind === ts.SyntaxKind.Identifier).map((t) => t.text),
    bare: all
      .filter((t) => !LITERALS.has(t.kind))
      .map((t) => t.text)
      .join(" "),
  };
}

function specNamed(evil: string, i: number) {
  return {
    name: evil,
    maxBatch: 2,
    seed: i,
    inputs: { [`${evil}in`]: [3] },
    targets: { [`${evil}out`]: [2] },
    nodes: {
      [evil]: { type: "dense", input: `${evil}in`, units: 4, activation: "tanh" },
      [`${evil}2`]: { type: "dense", input: evil, units: 2 },
    },
    output: `${evil}2`,
    loss: { type: "softmaxCrossEntropy" },
  };
}

const compiled = new Map<string, string>();
afterAll(() => {
  // One TypeScript program for all the modules (see test/support/typecheck-batch.ts).
  const names = [...compiled.keys()];
  const problems = typecheckModules([...compiled.values()]);
  const bad = problems.map((p, i) => [JSON.stringify(names[i]).slice(0, 60), p] as const).filter(([, p]) => p.length > 0);
  expect(bad).toEqual([]);
});

describe("hostile names compile to safe, valid modules", () => {
  it.each(HOSTILE.map((n, i) => [JSON.stringify(n).slice(0, 50), n, i] as const))("%s", async (_label, evil, i) => {
    const { code, layout, ir, gradIr } = await compile(specNamed(evil, i));
    compiled.set(evil, code);

    expect(layout.name).toBe(evil);
    expect(layout.inputs.map((v) => v.name)).toEqual([`${evil}in`]);
    expect(layout.targets.map((v) => v.name)).toEqual([`${evil}out`]);
    expect(layout.outputs.map((v) => v.name)).toEqual([`${evil}2`]);
    expect(layout.params.map((p) => p.name)).toEqual([`${evil}.kernel`, `${evil}.bias`, `${evil}2.kernel`, `${evil}2.bias`]);

    const { identifiers, bare } = scan(code);
    expect(identifiers.filter((id) => !IDENTIFIER.test(id))).toEqual([]);
    if (!IDENTIFIER.test(evil)) expect(bare.includes(evil), "the name appears outside strings and comments").toBe(false);

    for (const text of [ir, gradIr]) expect(printGraph(parseGraph(text))).toBe(text);

    const module = await loadModule(code);
    expect(module.layout.params.map((p) => p.name)).toEqual(layout.params.map((p) => p.name));
    expect(module.layout.inputs[0].name).toBe(`${evil}in`);
    const model = new module.Model();
    const next = rng(i);
    const x = Float32Array.from({ length: 6 }, () => next() - 0.5);
    const loss = model.trainStep(x, Float32Array.from([1, 0, 0, 1]), 2);
    expect(Number.isFinite(loss)).toBe(true);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    // Error messages quote the name as data.
    expect(() => model.forward(new Float64Array(6), 2)).toThrow(`${evil}in: expected a Float32Array`);
  });
});

describe("names that collide with the names tapeless derives", () => {
  it("layers named like another layer's parameters and intermediates", async () => {
    const spec = {
      name: "collide",
      maxBatch: 2,
      inputs: { x: [3] },
      targets: { loss: [2] },
      nodes: {
        h: { type: "dense", input: "x", units: 4, activation: "tanh" },
        "h.kernel": { type: "dense", input: "h", units: 4, activation: "relu" },
        "h.z": { type: "dense", input: "h.kernel", units: 4, activation: "sigmoid" },
        "h.xW": { type: "add", inputs: ["h", "h.z"] },
        "%0": { type: "dense", input: "h.xW", units: 4, activation: "gelu" },
        output: { type: "dense", input: "%0", units: 2 },
      },
      output: "output",
      loss: { type: "mse" },
    };
    const { code, layout, gradIr } = await compile(spec);
    compiled.set("collide", code);
    expect(layout.params.map((p) => p.name)).toEqual([
      "h.kernel", "h.bias", "h.kernel.kernel", "h.kernel.bias", "h.z.kernel", "h.z.bias", "%0.kernel", "%0.bias", "output.kernel", "output.bias",
    ]);
    expect(printGraph(parseGraph(gradIr))).toBe(gradIr);
    const module = await loadModule(code);
    const model = new module.Model({ seed: 1 });
    expect(Number.isFinite(model.loss(new Float32Array(6).fill(0.5), new Float32Array(4).fill(0.1), 2))).toBe(true);
  });
});
