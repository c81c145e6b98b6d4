// The layout helpers of the emitter, against prettier on the cases they decide: where a line
// breaks, how a string is quoted, which blank lines stay, how statements are indented.
import { describe, expect, it } from "vitest";
import {
  Canonicity,
  callStatement,
  ifStatement,
  normalizeBlankLines,
  prettierString,
  reindent,
  wideLines,
} from "../../../../../compiler/backends/js/emit/canonical.ts";
import { formatCode } from "../../../../../compiler/backends/js/emit/format.ts";
import { stringLiteral } from "../../../../../compiler/backends/js/emit/names.ts";

const format = (code: string) => formatCode(code, "typescript");
/** Code inside a method body at depth 2, as the emitter places it. */
const inMethod = (body: string) => `class A {\n  m(): void {\n${body}\n  }\n}\n`;

describe("prettierString", () => {
  it.each(["plain", `it's`, `say "hi"`, `"a" and 'b'`, `"two" "doubles" 'one'`, "back\\slash \"q\"", "line\nbreak \"x\""])("%s", async (text) => {
    const literal = prettierString(stringLiteral(text));
    expect(await format(`x = ${literal};\n`)).toBe(`x = ${literal};\n`);
  });
});

describe("ifStatement and callStatement", () => {
  const statement = (n: number) => `throw weightsError(\`the file holds \${paramCount} values, this model has ${"9".repeat(n)}\`);`;
  it.each([1, 10, 30, 45, 60])("a message with %i digits breaks where prettier breaks it", async (n) => {
    const canon = new Canonicity();
    const body = ifStatement(2, `paramCount !== ${"9".repeat(n)}`, statement(n), canon);
    expect(canon.ok).toBe(true);
    expect(await format(inMethod(body))).toBe(inMethod(body));
  });

  it("breaks the arguments of a call that does not fit", async () => {
    const canon = new Canonicity();
    const body = callStatement(2, `this.checkInput("${"x".repeat(60)}", ${"y".repeat(20)}, batch * 784);`, canon);
    expect(body.split("\n").length).toBe(5);
    expect(await format(inMethod(body))).toBe(inMethod(body));
  });
});

describe("reindent and normalizeBlankLines", () => {
  it("indents by brace depth, declarators one level deeper, and keeps prettier's blank lines", async () => {
    const body = reindent(
      ["// a comment { with a brace", "{", "let s0 = 0,", "s1 = 0;", "for (let i = 0; i < 4; i++) {", "s0 += i;", "}", "", "", "}"].join("\n"),
      2,
    );
    const code = normalizeBlankLines(inMethod(`${body}\n`));
    expect(await format(code)).toBe(code);
  });

  it("closes an empty method body on its line", () => {
    expect(normalizeBlankLines("class A {\n  m(): void {\n  }\n}\n")).toBe("class A {\n  m(): void {}\n}\n");
  });
});

describe("wideLines", () => {
  it("reports wide code, not comments, lone strings or prettier-ignored kernels", () => {
    const wide = "x".repeat(101);
    const code = [
      `// ${wide}`,
      `    \`${wide}\`,`,
      "// prettier-ignore",
      "function k(): void {",
      `  const a = ${wide};`,
      "}",
      `const b = ${wide};`,
      `f(); // ${wide}`,
    ].join("\n");
    expect(wideLines(code)).toEqual([7]);
  });
});
