// markIndexedReads: reads get `!`, plain assignment targets do not, compound ones do.
import { describe, expect, it } from "vitest";
import { markIndexedReads } from "../../../../compiler/phases/5-emit/indexed-reads.ts";

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
  it("copies the text a bounded number of times, not once per mark", () => {
    // A counter, not a clock: every String.prototype.slice the pass makes is measured. Writing the
    // 20,000 marks one rebuild at a time would slice ~20,000 copies of the text.
    const reads = 20_000;
    const lines = Array.from({ length: reads }, (_, i) => `a[${i}] = b[${i}] * c;`);
    const code = `function f(a: Float32Array, b: Float32Array, c: number): void {\n${lines.join("\n")}\n}\n`;
    const slice = String.prototype.slice;
    let sliced = 0;
    String.prototype.slice = function (this: string, ...args: [number?, number?]) {
      const part = slice.apply(this, args);
      sliced += part.length;
      return part;
    };
    let marked: string;
    try {
      marked = markIndexedReads(code);
    } finally {
      String.prototype.slice = slice;
    }
    expect(sliced).toBeLessThanOrEqual(2 * code.length);
    expect(marked.split("!").length - 1).toBe(reads);
    expect(marked.length).toBe(code.length + reads);
  });
});
