// Static allocation check of emitted code: walks the hot methods of the generated class (and every
// method or module function they call) and reports each construct that allocates on the heap.
// Anything inside a `throw` statement is the error path and allowed.
import { Node, Project, SyntaxKind } from "ts-morph";
import type {
  ClassDeclaration,
  FunctionDeclaration,
  MethodDeclaration,
  SourceFile,
} from "ts-morph";
import { InternalError } from "../../errors.ts";

export interface Allocation {
  /** Method (or module function) whose body contains the construct. */
  method: string;
  /** 1-based line in `code`. */
  line: number;
  /** The offending source text, first line, shortened. */
  text: string;
  reason: string;
}

/** predictRows is predict() without its argument checks and the allocation of a missing `out`. */
export const DEFAULT_HOT_METHODS = ["forward", "loss", "backward", "step", "trainStep", "predictRows"];

/** Calls `x.name(...)` that return a fresh array, string, iterator or function. */
const ALLOCATING_METHODS = new Set([
  "slice",
  "subarray",
  "map",
  "filter",
  "concat",
  "from",
  "of",
  "bind",
  "toString",
  "flat",
  "flatMap",
  "split",
  "join",
  "toFixed",
  "entries",
  "keys",
  "values",
]);

type Body = MethodDeclaration | FunctionDeclaration;
interface Target {
  name: string;
  decl: Body;
}

export function findAllocations(
  code: string,
  className = "Model",
  hotMethods: string[] = DEFAULT_HOT_METHODS,
): Allocation[] {
  const file = parse(code);
  const cls = file.getClass(className);
  if (!cls)
    throw new InternalError(`allocation check: class ${className} not found in the generated code`);
  const found: Allocation[] = [];
  const queue: Target[] = hotMethods.flatMap((name) => methodTarget(cls, name));
  const seen = new Set(queue.map((t) => t.decl));
  while (queue.length > 0) {
    const target = queue.shift()!;
    const scan = scanBody(target, cls, file);
    found.push(...scan.found);
    for (const next of scan.calls) {
      if (seen.has(next.decl)) continue;
      seen.add(next.decl);
      queue.push(next);
    }
  }
  return found.sort((a, b) => a.line - b.line || a.method.localeCompare(b.method));
}

/** Throws an InternalError listing every allocation found in the hot methods. */
export function assertAllocationFree(code: string): void {
  const found = findAllocations(code);
  if (found.length === 0) return;
  const lines = found.map((a) => `  ${a.method}, line ${a.line}: ${a.reason}: ${a.text}`);
  throw new InternalError(`generated code allocates in its hot methods:\n${lines.join("\n")}`);
}

let project: Project | undefined;

function parse(code: string): SourceFile {
  project ??= new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
  return project.createSourceFile("allocation-check.ts", code, { overwrite: true });
}

function methodTarget(cls: ClassDeclaration, name: string): Target[] {
  const decl = cls.getMethod(name) ?? cls.getStaticMethod(name);
  return decl ? [{ name, decl }] : [];
}

/** A call `this.m(...)` of a method, or `f(...)` of a module-level function: scanned too. */
function calleeOf(node: Node, cls: ClassDeclaration, file: SourceFile): Target[] {
  if (!Node.isCallExpression(node)) return [];
  const callee = node.getExpression();
  if (Node.isPropertyAccessExpression(callee) && Node.isThisExpression(callee.getExpression())) {
    return methodTarget(cls, callee.getName());
  }
  const fn = Node.isIdentifier(callee) ? file.getFunction(callee.getText()) : undefined;
  return fn ? [{ name: callee.getText(), decl: fn }] : [];
}

/** Allocations in one body, and the methods/functions it calls (outside `throw`s and closures). */
function scanBody(
  { name, decl }: Target,
  cls: ClassDeclaration,
  file: SourceFile,
): { found: Allocation[]; calls: Target[] } {
  const found: Allocation[] = [];
  const calls: Target[] = [];
  const report = (node: Node, reason: string) =>
    found.push({ method: name, line: node.getStartLineNumber(), text: snippet(node), reason });
  if (decl.isAsync())
    report(decl.getNameNode() ?? decl, "async function (allocates a promise per call)");
  if (decl.isGenerator())
    report(decl.getNameNode() ?? decl, "generator (allocates an iterator per call)");
  for (const p of decl.getParameters()) if (p.isRestParameter()) report(p, "rest parameter");
  decl.getBody()?.forEachDescendant((node, traversal) => {
    if (Node.isThrowStatement(node)) {
      traversal.skip();
      return;
    }
    const reason = allocationReason(node);
    if (reason) report(node, reason);
    if (isClosure(node)) traversal.skip();
    calls.push(...calleeOf(node, cls, file));
  });
  return { found, calls };
}

/** Why `node` allocates, or undefined when it does not. */
export function allocationReason(node: Node): string | undefined {
  if (isClosure(node)) return "closure";
  switch (node.getKind()) {
    case SyntaxKind.NewExpression:
      return "new expression";
    case SyntaxKind.ArrayLiteralExpression:
      return isAssignmentPattern(node) ? undefined : "array literal";
    case SyntaxKind.ObjectLiteralExpression:
      return isAssignmentPattern(node) ? undefined : "object literal";
    case SyntaxKind.SpreadElement:
      return "spread";
    case SyntaxKind.TemplateExpression:
      return "template literal";
    case SyntaxKind.TaggedTemplateExpression:
      return "tagged template";
    case SyntaxKind.RegularExpressionLiteral:
      return "regular expression literal";
    case SyntaxKind.ForOfStatement:
      return "for-of (allocates an iterator)";
    case SyntaxKind.ForInStatement:
      return "for-in (allocates key strings)";
    case SyntaxKind.Identifier:
      return node.getText() === "arguments" ? "arguments object" : undefined;
    case SyntaxKind.BinaryExpression:
      return isOuterStringConcat(node) ? "string concatenation" : undefined;
    case SyntaxKind.CallExpression:
      return callReason(node.asKindOrThrow(SyntaxKind.CallExpression));
    default:
      return undefined;
  }
}

function isClosure(node: Node): boolean {
  return (
    Node.isArrowFunction(node) ||
    Node.isFunctionExpression(node) ||
    Node.isFunctionDeclaration(node) ||
    Node.isClassExpression(node) ||
    Node.isClassDeclaration(node)
  );
}

function callReason(call: Node & { getExpression(): Node }): string | undefined {
  const callee = unparen(call.getExpression());
  if (
    Node.isIdentifier(callee) &&
    (callee.getText() === "Array" || callee.getText() === "String")
  ) {
    return `${callee.getText()}(...) call`;
  }
  if (Node.isPropertyAccessExpression(callee) && ALLOCATING_METHODS.has(callee.getName())) {
    return `.${callee.getName()}() call`;
  }
  return undefined;
}

/** `[a, b] = ...` and `({ a } = ...)`: a destructuring target, not a literal. */
function isAssignmentPattern(node: Node): boolean {
  let child = node;
  let parent = node.getParent();
  while (
    parent &&
    (Node.isParenthesizedExpression(parent) || Node.isArrayLiteralExpression(parent))
  ) {
    child = parent;
    parent = parent.getParent();
  }
  return (
    !!parent &&
    Node.isBinaryExpression(parent) &&
    parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
    parent.getLeft() === child
  );
}

function isStringConcat(node: Node): boolean {
  if (!Node.isBinaryExpression(node)) return false;
  const op = node.getOperatorToken().getKind();
  if (op !== SyntaxKind.PlusToken && op !== SyntaxKind.PlusEqualsToken) return false;
  return isStringy(node.getLeft()) || isStringy(node.getRight());
}

function isStringy(node: Node): boolean {
  const n = unparen(node);
  return (
    Node.isStringLiteral(n) ||
    Node.isNoSubstitutionTemplateLiteral(n) ||
    Node.isTemplateExpression(n) ||
    isStringConcat(n)
  );
}

/** Report a chain `"a" + b + c` once, at its outermost `+`. */
function isOuterStringConcat(node: Node): boolean {
  if (!isStringConcat(node)) return false;
  let parent = node.getParent();
  while (parent && Node.isParenthesizedExpression(parent)) parent = parent.getParent();
  return !(parent && isStringConcat(parent));
}

function unparen(node: Node): Node {
  return Node.isParenthesizedExpression(node) ? unparen(node.getExpression()) : node;
}

function snippet(node: Node): string {
  const first = node.getText().split("\n")[0]!.trim();
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}
