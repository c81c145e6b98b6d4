// What the build no longer checks on every module, checked here on every module the tests make:
// the emitter's text is prettier's (formatting it changes nothing), allocation-free in its hot
// methods (check-allocation.ts), and carries exactly the `!` marks the parse-based marker
// (indexed-reads.ts) would write: none missing, none on a plain assignment target. One parse.
import { expect } from "vitest";
import { findAllocations } from "../../compiler/backends/js/emit/check-allocation.ts";
import { formatModule } from "../../compiler/backends/js/emit/format.ts";
import { indexedReadMark } from "../../compiler/backends/js/emit/indexed-reads.ts";
import { parseModule, walk, type SyntaxNode } from "../../compiler/backends/js/emit/syntax.ts";

export async function expectFinalModule(code: string): Promise<void> {
  expect(await formatModule(code)).toBe(code);
  expectAllocationFreeAndMarked(code);
}

/** The checks of expectFinalModule that need no formatting: allocation-free, marked. One parse. */
export function expectAllocationFreeAndMarked(code: string): void {
  const tree = parseModule(code);
  expect(findAllocations(code, undefined, undefined, tree)).toEqual([]);
  expect(markProblems(tree)).toEqual([]);
}

/** Indexed reads without their `!`, and plain assignment targets with one (`a[i]! = v`). */
export function markProblems(tree: SyntaxNode): string[] {
  const problems: string[] = [];
  const line = (node: SyntaxNode) => node.loc.start.line;
  walk(tree, (node, parent) => {
    if (indexedReadMark(node, parent)) problems.push(`line ${line(node)}: an indexed read without its !`);
    if (node.type === "AssignmentExpression" && node.operator === "=") {
      const left = node.left as SyntaxNode;
      if (left.type === "TSNonNullExpression") problems.push(`line ${line(left)}: a ! on a plain assignment target`);
    }
  });
  return problems;
}
