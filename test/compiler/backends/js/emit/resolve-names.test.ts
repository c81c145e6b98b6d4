// resolveNames: the rule of finalize.ts (whose tests are the contract) read off tokens. The corpus
// comparison with finalize.ts is in emitted-corpus.test.ts and emitted-roles.test.ts; these are the
// rule's own cases.
import { describe, expect, it } from "vitest";
import { resolveNames } from "../../../../../compiler/backends/js/emit/resolve-names.ts";
import { finalizeModule } from "../../../../../compiler/backends/js/emit/finalize.ts";
import { NameTable } from "../../../../../compiler/backends/js/emit/names.ts";
import { InternalError } from "../../../../../compiler/errors.ts";

describe("resolveNames", () => {
  // The rule's first case, held by both implementations: the parse-based one (the test oracle)
  // and the token-based one the build uses.
  it.each([
    ["finalizeModule", finalizeModule],
    ["resolveNames", resolveNames],
  ] as const)("%s gives claimed names identifiers the module does not use where they are visible", (_name, resolve) => {
    const t = new NameTable();
    const [a, b, c] = ["value", "helper", "x"].map((hint) => t.claim(hint));
    const code = [
      `function helper(x: number): number { return x; }`,
      `function kernel(${c}: number): number { return ${c}; }`,
      `class Model { ${a} = 1; run(${b}: number): number { const value = helper(${b}); return value + this.${a}; } }`,
    ].join("\n");
    // `value` is a local of a method holding claimed names, `helper` a module-level function; `x`
    // is only a parameter of a function that holds no claimed name: free.
    expect(resolve(code, t)).toBe(
      [
        `function helper(x: number): number { return x; }`,
        `function kernel(x: number): number { return x; }`,
        `class Model { value_2 = 1; run(helper_2: number): number { const value = helper(helper_2); return value + this.value_2; } }`,
      ].join("\n"),
    );
  });

  it("reserves a private function's members, shorthand keys and the globals it reads", () => {
    const t = new NameTable();
    const names = ["key", "shape", "Math", "total", "d"].map((hint) => t.claim(hint));
    const code = [
      `function f(key: string, d: number): { shape: number } { const total = { key, shape: Math.abs(d) }; return total; }`,
      `const used = [${names.join(", ")}];`,
    ].join("\n");
    // key: a shorthand property; shape: a key; Math: a global; total and d: locals of f only.
    expect(resolveNames(code, t).split("\n")[1]).toBe("const used = [key_2, shape_2, Math_2, total, d];");
  });

  it("reads no placeholder from comments, strings, template text or regular expressions", () => {
    const t = new NameTable();
    const v = t.claim("v");
    const code = `// $0$\nconst s = "$0$" + '$0$' + \`$0$ \${${v}} $0$\` + /$0$/.source; /* $0$ */ ${v}++;`;
    expect(resolveNames(code, t)).toBe(`// $0$\nconst s = "$0$" + '$0$' + \`$0$ \${v} $0$\` + /$0$/.source; /* $0$ */ v++;`);
  });

  it("reads a / after a non-null assertion as a division, after a logical not as a regular expression", () => {
    const t = new NameTable();
    const v = t.claim("v");
    const code = `const a = x[0]! / ${v} + y! / ${v} + f()! / ${v}; const b = !/$0$/.test(s) && ${v};`;
    expect(resolveNames(code, t)).toBe("const a = x[0]! / v + y! / v + f()! / v; const b = !/$0$/.test(s) && v;");
  });

  it("refuses a placeholder nobody claimed", () => {
    expect(() => resolveNames("const a = $3$;", new NameTable())).toThrow(InternalError);
  });
});
