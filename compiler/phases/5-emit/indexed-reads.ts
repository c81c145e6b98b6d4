// Marks every indexed read in an emitted module as defined (`a[i]!`), so the module type-checks in
// projects with `noUncheckedIndexedAccess`, where `a[i]` on a typed array is `number | undefined`.
// Every index the emitter writes is in bounds by construction (constant shapes, a batch checked
// against maxBatch on entry), so the assertion states a fact rather than hiding a doubt. It is a
// type-level mark only: the JavaScript is unchanged. A plain assignment target (`a[i] = v`) needs
// no mark; a compound one (`a[i] += v`, `a[i]++`) reads first, so it gets one.
import { ts } from "ts-morph";

export function markIndexedReads(code: string): string {
  const file = ts.createSourceFile("module.ts", code, ts.ScriptTarget.ES2022, true);
  const ends: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isElementAccessExpression(node) && needsMark(node)) ends.push(node.getEnd());
    node.forEachChild(visit);
  };
  visit(file);
  ends.sort((a, b) => b - a);
  let out = code;
  for (const end of ends) out = `${out.slice(0, end)}!${out.slice(end)}`;
  return out;
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
