// applyEdits: edits applied in one pass whatever their order; overlapping edits are refused.
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../../../../compiler/backends/js/emit/splice.ts";
import { InternalError } from "../../../../../compiler/errors.ts";

describe("applyEdits", () => {
  it.each([
    ["abc", [], "abc"],
    ["abc", [{ start: 1, end: 2, text: "X" }], "aXc"],
    ["abc", [{ start: 3, end: 3, text: "!" }, { start: 0, end: 1, text: "" }], "bc!"],
  ])("%j with %j → %j", (code, edits, expected) => {
    expect(applyEdits(code, edits)).toBe(expected);
  });

  it("refuses overlapping edits", () => {
    expect(() => applyEdits("abcd", [{ start: 0, end: 2, text: "" }, { start: 1, end: 3, text: "" }])).toThrow(InternalError);
  });

  it("applies 100,000 edits to 2.6 MB in one pass (a rebuild of the text per edit would not finish)", () => {
    // One splice per edit would copy the text 100,000 times (2.6e11 characters).
    const lines = Array.from({ length: 100_000 }, (_, i) => `a[${i}] = b[${i}] * c;`);
    const code = lines.join("\n");
    const edits = [];
    for (let i = 0, at = code.indexOf("] *"); at >= 0; i++, at = code.indexOf("] *", at + 1)) edits.push({ start: at + 1, end: at + 1, text: "!" });
    const marked = applyEdits(code, edits.reverse());
    expect(marked.length).toBe(code.length + 100_000);
    expect(marked.slice(marked.lastIndexOf("a["))).toBe("a[99999] = b[99999]! * c;");
  });
});
