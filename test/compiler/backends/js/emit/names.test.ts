// No name from a spec reaches the generated code unescaped: identifiers are sanitized and
// unique, comments cannot be closed or broken, strings are escaped.
import { describe, expect, it } from "vitest";
import { LANGUAGE_RESERVED, NameTable, PLACEHOLDER, TS_KEYWORDS, commentText, stringLiteral } from "../../../../../compiler/backends/js/emit/names.ts";
import { compile } from "../../../../../src/index.ts";
import { typecheckModule } from "../../../../../compiler/backends/js/emit/typecheck.ts";
import { loadModule } from "../../../../support/load-module.ts";
import { tokens } from "../../../../support/tokens.ts";
import { ts } from "ts-morph";

function identifiers(code: string): string[] {
  return tokens(code)
    .filter((t) => t.kind === ts.SyntaxKind.Identifier)
    .map((t) => t.text);
}

describe("TS_KEYWORDS", () => {
  it("is TypeScript's keyword list (every token from FirstKeyword to LastKeyword), in its order", () => {
    const fromCompiler = Array.from({ length: ts.SyntaxKind.LastKeyword - ts.SyntaxKind.FirstKeyword + 1 }, (_, k) =>
      ts.tokenToString(ts.SyntaxKind.FirstKeyword + k),
    ).filter((word): word is string => word !== undefined);
    expect(TS_KEYWORDS).toEqual(fromCompiler);
  });

  it.each(["class", "yield", "await", "type", "eval", "arguments", "hasOwnProperty", "__proto__"])("%s is reserved", (word) => {
    expect(LANGUAGE_RESERVED.has(word)).toBe(true);
  });
});

describe("NameTable", () => {
  // Reserved: what the module uses (here, a stand-in) and the language's own words.
  const reserved = new Set(["params"]);
  it.each([
    ["dense1.kernel", "dense1_kernel"],
    ["17", "t17"],
    ["class", "class_2"],
    ["params", "params_2"],
    ["toString", "toString_2"],
    ["eval", "eval_2"],
    ['"); process.exit(1); //', "process_exit_1"],
    ["ünïcödé", "n_c_d"],
    ["", "unnamed"],
  ])("%j → %s", (hint, expected) => {
    const t = new NameTable();
    expect(t.claim(hint)).toMatch(PLACEHOLDER);
    expect(t.assign(reserved)).toEqual([expected]);
  });

  it("never hands out the same name twice", () => {
    const t = new NameTable();
    for (const hint of ["a.b", "a_b", "a-b"]) t.claim(hint);
    expect(t.assign(new Set())).toEqual(["a_b", "a_b_2", "a_b_3"]);
  });

  it("keeps text inside comments and strings", () => {
    expect(commentText("a\nb\r\nc\u2028d")).toBe("a b c d");
    expect(eval(stringLiteral('q"\n\u2028`${x}`'))).toBe('q"\n\u2028`${x}`');
  });
});

const HOSTILE = [
  '"); process.exit(1); //',
  "*/ process.exit(1); /*",
  "line\nbreak",
  "`${process.exit(1)}`",
  "__proto__",
  "constructor",
  "class",
  "ünïcödé \u2028 name",
];

describe("hostile names compile to safe, valid modules", () => {
  it.each(HOSTILE)("%j", async (evil) => {
    const spec = {
      name: evil,
      maxBatch: 2,
      inputs: { [evil + "in"]: [3] },
      targets: { [evil + "out"]: [2] },
      nodes: {
        [evil]: { type: "dense", input: evil + "in", units: 4, activation: "tanh" },
        [evil + "2"]: { type: "dense", input: evil, units: 2 },
      },
      output: evil + "2",
      loss: { type: "softmaxCrossEntropy" },
    };
    const { code, layout } = await compile(spec);
    expect(typecheckModule(code)).toEqual([]);
    // The name survives, exactly, as data.
    const module = await loadModule(code);
    expect(module.layout.name).toBe(evil);
    expect(module.layout.params.map((p) => p.name)).toEqual([`${evil}.kernel`, `${evil}.bias`, `${evil}2.kernel`, `${evil}2.bias`]);
    expect(layout.inputs[0].name).toBe(evil + "in");
    const model = new module.Model();
    const loss = model.loss(new Float32Array(6), Float32Array.from([1, 0, 0, 1]), 2);
    expect(Number.isFinite(loss)).toBe(true);
    // Outside strings and comments, only sanitized identifiers appear: the hostile text never
    // becomes code (scanned with TypeScript's own tokenizer).
    const names = identifiers(code);
    expect(names).toContain("Model");
    expect(names).not.toContain("process");
  });
});
