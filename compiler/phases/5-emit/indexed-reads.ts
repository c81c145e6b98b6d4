// Marks every indexed read in an emitted module as defined (`a[i]!`), so the module type-checks in
// projects with `noUncheckedIndexedAccess`, where `a[i]` on a typed array is `number | undefined`.
// Every index the emitter writes is in bounds by construction (constant shapes, a batch checked
// against maxBatch on entry), so the assertion states a fact rather than hiding a doubt. It is a
// type-level mark only: the JavaScript is unchanged. A plain assignment target (`a[i] = v`) needs
// no mark; a compound one (`a[i] += v`, `a[i]++`) reads first, so it gets one.
import { ts } from "ts-morph";
import { applyEdits, type Edit } from "./splice.ts";

/** The `!` after `node`, when it is an indexed read that needs one. */
export function indexedReadMark(node: ts.Node): Edit | undefined {
  if (!ts.isElementAccessExpression(node) || !needsMark(node)) return undefined;
  return { start: node.getEnd(), end: node.getEnd(), text: "!" };
}

export function markIndexedReads(code: string): string {
  const file = ts.createSourceFile("module.ts", code, ts.ScriptTarget.ES2022, true);
  const edits: Edit[] = [];
  const visit = (node: ts.Node): void => {
    const mark = indexedReadMark(node);
    if (mark) edits.push(mark);
    node.forEachChild(visit);
  };
  visit(file);
  return applyEdits(code, edits);
}

function needsMark(access: ts.ElementAccessExpression): boolean {
  const parent = access.parent;
  if (ts.isNonNullExpression(parent)) return false;
  const plainTarget =
    ts.isBinaryExpression(parent) &&
    parent.left === access &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  return !plainTarget;
}
