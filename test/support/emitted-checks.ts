// What the build no longer checks on every module, checked here on every module the tests make:
// the emitter's text is prettier's (formatting it changes nothing), allocation-free in its hot
// methods (check-allocation.ts), and carries exactly the `!` marks the parse-based marker
// (indexed-reads.ts) would write: none missing, none on a plain assignment target.
import { expect } from "vitest";
import { findAllocations } from "../../compiler/phases/5-emit/check-allocation.ts";
import { formatModule } from "../../compiler/phases/5-emit/format.ts";
import { markIndexedReads } from "../../compiler/phases/5-emit/indexed-reads.ts";
import { parseModule, walk } from "../../compiler/phases/5-emit/syntax.ts";

export async function expectFinalModule(code: string): Promise<void> {
  expect(await formatModule(code)).toBe(code);
  expect(findAllocations(code)).toEqual([]);
  expect(markIndexedReads(code)).toBe(code);
  expect(extraMarks(code)).toEqual([]);
}

/** Lines with a `!` on a plain assignment target (`a[i]! = v`), which writes and needs none. */
export function extraMarks(code: string): number[] {
  const lines: number[] = [];
  walk(parseModule(code), (node) => {
    if (node.type !== "AssignmentExpression" || node.operator !== "=") return;
    const left = node.left as { type: string; loc: { start: { line: number } } };
    if (left.type === "TSNonNullExpression") lines.push(left.loc.start.line);
  });
  return lines;
}
