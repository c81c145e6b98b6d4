// Writes the emitted module's final text in one parse and one pass: every claimed name (a
// placeholder, see names.ts) becomes an identifier that no code of the emitter uses where the name
// is visible, and indexed reads get their `!` (indexed-reads.ts). The reserved identifiers are read
// off the module itself, so whatever local or member the emitter declares, no spec name can take it.
import { ts } from "ts-morph";
import { InternalError } from "../../errors.ts";
import { indexedReadMark } from "./indexed-reads.ts";
import { NameTable, PLACEHOLDER } from "./names.ts";
import { applyEdits, type Edit } from "./splice.ts";

export function finalizeModule(code: string, names: NameTable): string {
  const file = ts.createSourceFile("module.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: Edit[] = [];
  const slots: { start: number; end: number; index: number }[] = [];
  const reserved = new Set<string>();
  const visit = (node: ts.Node, locals: ReadonlySet<string>): void => {
    if (ts.isIdentifier(node)) {
      const placeholder = PLACEHOLDER.exec(node.text);
      if (placeholder) slots.push({ start: node.getStart(), end: node.getEnd(), index: Number(placeholder[1]) });
      else if (!locals.has(node.text) || isMemberName(node)) reserved.add(node.text);
      return;
    }
    const mark = indexedReadMark(node);
    if (mark) edits.push(mark);
    const inner = privateLocals(node, code) ?? locals;
    node.forEachChild((child) => visit(child, isOwnName(node, child) ? locals : inner));
  };
  visit(file, new Set());
  const assigned = names.assign(reserved);
  for (const s of slots) {
    const name = assigned[s.index];
    if (name === undefined) throw new InternalError(`emitted code holds an unclaimed name $${s.index}$`);
    edits.push({ start: s.start, end: s.end, text: name });
  }
  return applyEdits(code, edits);
}

/**
 * The locals of a function or method that no claimed name can see: one that mentions no claimed
 * name (a helper, a kernel, `save()`), so its parameters and variables cannot collide with one.
 * Everything else (members, module-level names, globals it reads) stays reserved.
 */
function privateLocals(node: ts.Node, code: string): ReadonlySet<string> | undefined {
  const isFunction =
    (ts.isFunctionDeclaration(node) && ts.isSourceFile(node.parent)) ||
    ((ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) &&
      ts.isClassDeclaration(node.parent));
  if (!isFunction) return undefined;
  const from = node.name ? node.name.getEnd() : node.getStart();
  if (/\$\d+\$/.test(code.slice(from, node.getEnd()))) return undefined;
  const locals = new Set<string>();
  const collect = (n: ts.Node): void => {
    if ((ts.isParameter(n) || ts.isVariableDeclaration(n)) && ts.isIdentifier(n.name)) locals.add(n.name.text);
    n.forEachChild(collect);
  };
  node.forEachChild(collect);
  return locals;
}

/** The name of the function or method itself belongs to the enclosing scope. */
function isOwnName(node: ts.Node, child: ts.Node): boolean {
  return (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node)) && node.name === child;
}

/** A property name (`this.params`, `{ seed }`, a class field): a member, never a local. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) ||
    ts.isShorthandPropertyAssignment(parent)
  );
}
