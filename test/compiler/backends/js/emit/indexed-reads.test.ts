// markIndexedReads: reads get `!`, plain assignment targets do not, compound ones do.
import { describe, expect, it } from "vitest";
import { markIndexedReads } from "../../../../../compiler/backends/js/emit/indexed-reads.ts";

describe("markIndexedReads", () => {
  it.each([
    ["const v = a[i];", "const v = a[i]!;"],
    ["a[i] = b[j] * c[k + 1];", "a[i] = b[j]! * c[k + 1]!;"],
    ["a[i] += g;", "a[i]! += g;"],
    ["a[i]++; --a[j];", "a[i]!++; --a[j]!;"],
    ["f(b[i][0]);", "f(b[i]![0]!);"],
    ["const t = `${a[i]}`;", "const t = `${a[i]!}`;"],
    ["const v = a[i]!;", "const v = a[i]!;"], // already marked
    ["x = a[b[i]];", "x = a[b[i]!]!;"],
    ["const n = a.length; o.k = 1;", "const n = a.length; o.k = 1;"], // no element access
  ])("%s → %s", (code, expected) => {
    expect(markIndexedReads(code)).toBe(expected);
  });
});

describe("markIndexedReads on a large module", () => {
  it("marks 10,000 reads in one pass (splice.test.ts checks the one-pass splice at 100,000 edits)", () => {
    // Sized for prettier's parser (seconds per 10,000 statements on a loaded machine).
    const reads = 10_000;
    const lines = Array.from({ length: reads }, (_, i) => `a[${i}] = b[${i}] * c;`);
    const code = `function f(a: Float32Array, b: Float32Array, c: number): void {\n${lines.join("\n")}\n}\n`;
    const marked = markIndexedReads(code);
    expect(marked.split("!").length - 1).toBe(reads);
    expect(marked.length).toBe(code.length + reads);
    expect(marked.slice(marked.lastIndexOf("a["), -3)).toBe(`a[${reads - 1}] = b[${reads - 1}]! * c;`);
  }, 120_000);
});
