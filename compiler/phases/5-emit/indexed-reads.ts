// Marks every indexed read in an emitted module as defined (`a[i]!`), so the module type-checks in
// projects with `noUncheckedIndexedAccess`, where `a[i]` on a typed array is `number | undefined`.
// Every index the emitter writes is in bounds by construction (constant shapes, a batch checked
// against maxBatch on entry), so the assertion states a fact rather than hiding a doubt. It is a
// type-level mark only: the JavaScript is unchanged. A plain assignment target (`a[i] = v`) needs
// no mark; a compound one (`a[i] += v`, `a[i]++`) reads first, so it gets one.
import { parseModule, walk, type SyntaxNode } from "./syntax.ts";

/** `tree` is `code` parsed (syntax.ts), when the caller already has it. */
export function markIndexedReads(code: string, tree: SyntaxNode = parseModule(code)): string {
  const ends: number[] = [];
  walk(tree, (node, parent) => {
    if (node.type === "MemberExpression" && node.computed === true && needsMark(node, parent))
      ends.push(node.range[1]);
  });
  ends.sort((a, b) => b - a);
  let out = code;
  for (const end of ends) out = `${out.slice(0, end)}!${out.slice(end)}`;
  return out;
}

function needsMark(access: SyntaxNode, parent: SyntaxNode): boolean {
  if (parent.type === "TSNonNullExpression") return false;
  const plainTarget =
    parent.type === "AssignmentExpression" && parent.left === access && parent.operator === "=";
  return !plainTarget;
}
