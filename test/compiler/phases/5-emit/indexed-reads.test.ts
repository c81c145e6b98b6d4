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
