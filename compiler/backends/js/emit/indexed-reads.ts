// Marks every indexed read in an emitted module as defined (`a[i]!`), so the module type-checks in
// projects with `noUncheckedIndexedAccess`, where `a[i]` on a typed array is `number | undefined`.
// Every index the emitter writes is in bounds by construction (constant shapes, a batch checked
// against maxBatch on entry), so the assertion states a fact rather than hiding a doubt. It is a
// type-level mark only: the JavaScript is unchanged. A plain assignment target (`a[i] = v`) needs
// no mark; a compound one (`a[i] += v`, `a[i]++`) reads first, so it gets one. The emitter writes
// the marks as it writes the reads; this parse-based marker is the tests' oracle for them
// (test/support/emitted-checks.ts: no mark missing, none extra).
import { applyEdits, type Edit } from "./splice.ts";
import { parseModule, walk, type SyntaxNode } from "./syntax.ts";

/** The `!` after `node` (a child of `parent`), when it is an indexed read that needs one. */
export function indexedReadMark(node: SyntaxNode, parent: SyntaxNode): Edit | undefined {
  if (node.type !== "MemberExpression" || node.computed !== true || !needsMark(node, parent)) return undefined;
  return { start: node.range[1], end: node.range[1], text: "!" };
}

export function markIndexedReads(code: string): string {
  const edits: Edit[] = [];
  walk(parseModule(code), (node, parent) => {
    const mark = indexedReadMark(node, parent);
    if (mark) edits.push(mark);
  });
  return applyEdits(code, edits);
}

function needsMark(access: SyntaxNode, parent: SyntaxNode): boolean {
  if (parent.type === "TSNonNullExpression") return false;
  const plainTarget = parent.type === "AssignmentExpression" && parent.left === access && parent.operator === "=";
  return !plainTarget;
}
