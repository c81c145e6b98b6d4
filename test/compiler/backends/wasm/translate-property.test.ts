// Property test of the wasm translator: random expression trees over doubles, ints and unsigned words
// (arithmetic, comparisons, ternaries, &&/||, Math) agree bitwise both ways. Fixed seed, 200 runs.
import fc from "fast-check";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { differences, runJs, runWasm, type Snippet } from "./translate-harness.ts";

const N = 4;
const vars = (p: string) => Array.from({ length: N }, (_, i) => `${p}${i}`);
const CMP = ["<", "<=", ">", ">=", "===", "!=="] as const;
const MATH = ["abs", "exp", "log", "tanh", "sqrt", "floor", "ceil", "trunc", "round", "sign", "fround"] as const;

// Categories: f a double for sure, d any number (a double or an int), i a signed int (small: these
// loops' integer arithmetic never overflows), w an unsigned word (`>>> 0`), c a condition.
// Int products and remainders keep to small factors: these loops' integer arithmetic never overflows.
const { d, i, w, c } = fc.letrec<{ f: string; d: string; i: string; w: string; c: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    fc.constantFrom(...vars("x")),
    fc.constantFrom("0.5", "-1.25", "1e-3", "2.5e10", "-0", "0.1"),
    fc.tuple(tie("f"), fc.constantFrom("+", "-", "*", "/"), tie("d")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie("d"), fc.constantFrom("+", "-", "*", "/"), tie("f")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie("i"), tie("i")).map(([a, b]) => `(${a} / ${b})`),
    fc.tuple(fc.constantFrom("max", "min"), tie("f"), tie("d")).map(([m, a, b]) => `Math.${m}(${a}, ${b})`),
    fc.tuple(fc.constantFrom(...MATH), tie("d")).map(([m, a]) => `Math.${m}(${a})`),
    fc.oneof(fc.constantFrom(...vars("x")), tie("f").map((a) => `Math.abs(${a})`)).map((a) => `-${a}`),
    fc.tuple(tie("c"), tie("f"), tie("d")).map(([k, a, b]) => `(${k} ? ${a} : ${b})`),
  ),
  d: fc.oneof({ depthSize: "small", maxDepth: 3 }, tie("f"), tie("i"), fc.tuple(fc.constantFrom("max", "min"), tie("d"), tie("d")).map(([m, a, b]) => `Math.${m}(${a}, ${b})`)),
  i: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    fc.constantFrom(...vars("k")),
    fc.constantFrom("0", "1", "7", "-3", "65536"),
    fc.tuple(tie("i"), fc.constantFrom("+", "-"), tie("i")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom(...vars("k")), fc.integer({ min: -16, max: 16 })).map(([a, k]) => `(${a} * ${k})`),
    fc.tuple(fc.constantFrom(...vars("k")), fc.constantFrom(...vars("k"))).map(([a, b]) => `(${a} * ${b})`),
    fc.tuple(tie("i"), fc.integer({ min: 1, max: 7 })).map(([a, k]) => `(${a} % ${k})`),
    // (not of a literal: −0 written out is a double, and % of a double is outside the subset)
    tie("i")
      .filter((a) => !/^-?\d+$/.test(a))
      .map((a) => `(-(${a}))`),
    fc.tuple(tie("i"), fc.constantFrom("|", "^", "&"), tie("i")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("i").map((a) => `(${a} >> 1)`),
    fc.tuple(fc.constantFrom("max", "min"), tie("i"), tie("i")).map(([m, a, b]) => `Math.${m}(${a}, ${b})`),
    fc.tuple(tie("c"), tie("i"), tie("i")).map(([k, a, b]) => `(${k} ? ${a} : ${b})`),
  ),
  w: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    tie("i").map((a) => `(${a} >>> 0)`),
    fc.tuple(tie("w"), fc.constantFrom("^", "|"), tie("w")).map(([a, op, b]) => `((${a} ${op} ${b}) >>> 0)`),
    fc.tuple(tie("w"), tie("w")).map(([a, b]) => `(Math.imul(${a}, ${b}) >>> 0)`),
    fc.tuple(fc.constantFrom("max", "min"), tie("w"), tie("w")).map(([m, a, b]) => `Math.${m}(${a}, ${b})`),
    fc.tuple(tie("c"), tie("w"), fc.oneof(tie("i"), tie("w"))).map(([k, a, b]) => `(${k} ? ${a} : ${b})`),
  ),
  c: fc.oneof(
    { depthSize: "small", maxDepth: 3 },
    fc.tuple(tie("d"), fc.constantFrom(...CMP), tie("d")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie("i"), fc.constantFrom(...CMP), tie("i")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.oneof(tie("w"), tie("i"), tie("f")), fc.constantFrom(...CMP), fc.oneof(tie("w"), fc.constantFrom("2576980378", "-1"))).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("d").map((a) => `!${a}`),
    tie("f"),
    fc.tuple(tie("c"), fc.constantFrom("&&", "||"), tie("c")).map(([a, op, b]) => `(${a}) ${op} (${b})`),
  ),
}));

/** Whether TypeScript reads the text without a generic call (`f(a) < (b) > (c)` is one: `f(a)<b>(c)`). */
function plain(body: string): boolean {
  let generic = false;
  const visit = (n: ts.Node): void => {
    if ((ts.isCallExpression(n) || ts.isExpressionWithTypeArguments(n)) && n.typeArguments) generic = true;
    n.forEachChild(visit);
  };
  visit(ts.createSourceFile("body.ts", body, ts.ScriptTarget.ES2022, true));
  return !generic;
}

const double = fc.oneof(fc.constantFrom(0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, 5e-324, 1e308, 16777217), fc.double());
const int = fc.oneof(fc.constantFrom(0, -1, 1, 2), fc.integer({ min: -1000, max: 1000 }));

const snippet = fc
  .record({ xs: fc.array(double, { minLength: N, maxLength: N }), ks: fc.array(int, { minLength: N, maxLength: N }), ds: fc.array(d, { minLength: 4, maxLength: 4 }), i, w, c })
  .map(
    ({ xs, ks, ds, i, w, c }): Snippet => ({
      arrays: {
        X: { type: "Float64Array", values: xs },
        K: { type: "Int32Array", values: ks },
        O: { type: "Float64Array", values: [0, 0, 0, 0, 0] },
        F: { type: "Float32Array", values: [0] },
        I: { type: "Int32Array", values: [0] },
      },
      body: [
        ...vars("x").map((x, n) => `const ${x} = X[${n}]!;`),
        ...vars("k").map((k, n) => `const ${k} = K[${n}]!;`),
        `O[0] = ${ds[0]};`,
        `F[0] = ${ds[1]};`,
        `I[0] = ${i};`,
        `O[1] = ${w};`,
        `O[2] = ${c} ? 1 : 0;`,
        `O[3] = ${ds[1]};`,
        // a variable whose type the assignments decide (an int made a double by += or /=)
        `let v = ${ds[2]};`,
        `v += ${ds[3]};`,
        `v /= ${ds[0]};`,
        `O[4] = v;`,
      ].join("\n"),
    }),
  )
  .filter((s) => plain(s.body));

describe("wasm translate: random expressions agree bitwise", () => {
  it("200 expression trees over doubles, ints and words", async () => {
    await fc.assert(
      fc.asyncProperty(snippet, async (s) => {
        expect(differences(runJs(s), await runWasm(s)), s.body).toEqual([]);
      }),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
