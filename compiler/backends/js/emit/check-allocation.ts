// Static allocation check of emitted code: walks the hot methods of the generated class (and every
// method or module function they call) and reports each construct that allocates on the heap.
// Anything inside a `throw` statement is the error path and allowed. Reads the ESTree syntax tree
// of prettier's TypeScript parser (syntax.ts), so it needs no TypeScript compiler. Run by the tests
// on every module they make (test/support/emitted-checks.ts), not by the build.
import { InternalError } from "../../../errors.ts";
import { parseModule, walk, type SyntaxNode } from "./syntax.ts";

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

interface Target {
  name: string;
  /** The function: a method's FunctionExpression or a FunctionDeclaration. */
  fn: SyntaxNode;
  /** Where an `async` or generator function is reported: the method or function name. */
  nameNode: SyntaxNode;
}

interface Parsed {
  code: string;
  cls: SyntaxNode;
  /** Module-level function declarations (exported or not) by name. */
  functions: Map<string, SyntaxNode>;
}

/** `tree` is `code` parsed (syntax.ts), when the caller already has it. */
export function findAllocations(
  code: string,
  className = "Model",
  hotMethods: string[] = DEFAULT_HOT_METHODS,
  tree: SyntaxNode = parseModule(code),
): Allocation[] {
  const parsed = parse(code, tree, className);
  const found: Allocation[] = [];
  const queue: Target[] = hotMethods.flatMap((name) => methodTarget(parsed.cls, name));
  const seen = new Set(queue.map((t) => t.fn));
  while (queue.length > 0) {
    const target = queue.shift()!;
    const scan = scanBody(target, parsed);
    found.push(...scan.found);
    for (const next of scan.calls) {
      if (seen.has(next.fn)) continue;
      seen.add(next.fn);
      queue.push(next);
    }
  }
  return found.sort((a, b) => a.line - b.line || a.method.localeCompare(b.method));
}

/** Throws an InternalError listing every allocation found in the hot methods. */
export function assertAllocationFree(code: string, tree?: SyntaxNode): void {
  const found = findAllocations(code, undefined, undefined, tree);
  if (found.length === 0) return;
  const lines = found.map((a) => `  ${a.method}, line ${a.line}: ${a.reason}: ${a.text}`);
  throw new InternalError(`generated code allocates in its hot methods:\n${lines.join("\n")}`);
}

function parse(code: string, tree: SyntaxNode, className: string): Parsed {
  let cls: SyntaxNode | undefined;
  const functions = new Map<string, SyntaxNode>();
  for (const statement of tree.body as SyntaxNode[]) {
    const decl = statement.type.startsWith("Export") ? (statement.declaration as SyntaxNode | null) : statement;
    const name = (decl?.id as SyntaxNode | null | undefined)?.name;
    if (decl?.type === "ClassDeclaration" && name === className) cls ??= decl;
    if (decl?.type === "FunctionDeclaration" && typeof name === "string" && !functions.has(name))
      functions.set(name, decl);
  }
  if (!cls)
    throw new InternalError(`allocation check: class ${className} not found in the generated code`);
  return { code, cls, functions };
}

/** The class's method `name` (instance first, then static; not getters, setters or fields). */
function methodTarget(cls: SyntaxNode, name: string): Target[] {
  const methods = ((cls.body as SyntaxNode).body as SyntaxNode[]).filter(
    (m) =>
      m.type === "MethodDefinition" &&
      m.kind === "method" &&
      m.computed === false &&
      (m.key as SyntaxNode).name === name,
  );
  const decl = methods.find((m) => m.static === false) ?? methods[0];
  return decl ? [{ name, fn: decl.value as SyntaxNode, nameNode: decl.key as SyntaxNode }] : [];
}

/** A call `this.m(...)` of a method, or `f(...)` of a module-level function: scanned too. */
function calleeOf(node: SyntaxNode, { cls, functions }: Parsed): Target[] {
  if (node.type !== "CallExpression") return [];
  const callee = node.callee as SyntaxNode;
  if (isMember(callee) && (callee.object as SyntaxNode).type === "ThisExpression") {
    return methodTarget(cls, (callee.property as SyntaxNode).name as string);
  }
  const fn = callee.type === "Identifier" ? functions.get(callee.name as string) : undefined;
  return fn ? [{ name: callee.name as string, fn, nameNode: fn.id as SyntaxNode }] : [];
}

/** Allocations in one body, and the methods/functions it calls (outside `throw`s and closures). */
function scanBody(
  { name, fn, nameNode }: Target,
  parsed: Parsed,
): { found: Allocation[]; calls: Target[] } {
  const found: Allocation[] = [];
  const calls: Target[] = [];
  const report = (node: SyntaxNode, reason: string) =>
    found.push({ method: name, line: node.loc.start.line, text: snippet(parsed.code, node), reason });
  if (fn.async === true) report(nameNode, "async function (allocates a promise per call)");
  if (fn.generator === true) report(nameNode, "generator (allocates an iterator per call)");
  for (const p of fn.params as SyntaxNode[]) if (p.type === "RestElement") report(p, "rest parameter");
  const body = fn.body as SyntaxNode | null | undefined;
  if (body) {
    walk(body, (node, parent) => {
      if (node.type === "ThrowStatement") return false;
      const reason = allocationReason(node, parent);
      if (reason) report(node, reason);
      calls.push(...calleeOf(node, parsed));
      return !isClosure(node, parent);
    });
  }
  return { found, calls };
}

/** Why `node` (a child of `parent`) allocates, or undefined when it does not. */
export function allocationReason(node: SyntaxNode, parent: SyntaxNode): string | undefined {
  if (isClosure(node, parent)) return "closure";
  switch (node.type) {
    case "NewExpression":
      return "new expression";
    // Destructuring targets (`[a, b] = ...`) are ArrayPattern / ObjectPattern: not literals.
    case "ArrayExpression":
      return "array literal";
    case "ObjectExpression":
      return "object literal";
    case "SpreadElement":
      // `{ ...o }` is reported once, as the object literal it is part of.
      return parent.type === "ObjectExpression" ? undefined : "spread";
    case "TemplateLiteral":
      return (node.expressions as SyntaxNode[]).length > 0 ? "template literal" : undefined;
    case "TaggedTemplateExpression":
      return "tagged template";
    case "Literal":
      return node.regex ? "regular expression literal" : undefined;
    case "ForOfStatement":
      return "for-of (allocates an iterator)";
    case "ForInStatement":
      return "for-in (allocates key strings)";
    case "Identifier":
      return node.name === "arguments" ? "arguments object" : undefined;
    case "BinaryExpression":
    case "AssignmentExpression":
      return isOuterStringConcat(node, parent) ? "string concatenation" : undefined;
    case "CallExpression":
      return callReason(node);
    default:
      return undefined;
  }
}

/**
 * A function or class created where it stands. A method of an object literal (or a getter/setter)
 * is part of the literal, which is reported; its body is still scanned.
 */
function isClosure(node: SyntaxNode, parent: SyntaxNode): boolean {
  if (node.type === "FunctionExpression")
    return !(parent.type === "Property" && (parent.method === true || parent.kind !== "init"));
  return (
    node.type === "ArrowFunctionExpression" ||
    node.type === "FunctionDeclaration" ||
    node.type === "ClassExpression" ||
    node.type === "ClassDeclaration"
  );
}

function isMember(node: SyntaxNode): boolean {
  return node.type === "MemberExpression" && node.computed === false;
}

function callReason(call: SyntaxNode): string | undefined {
  const callee = call.callee as SyntaxNode;
  if (callee.type === "Identifier" && (callee.name === "Array" || callee.name === "String")) {
    return `${callee.name}(...) call`;
  }
  const method = isMember(callee) ? (callee.property as SyntaxNode) : undefined;
  if (method?.type === "Identifier" && ALLOCATING_METHODS.has(method.name as string)) {
    return `.${method.name}() call`;
  }
  return undefined;
}

function isStringConcat(node: SyntaxNode): boolean {
  const plus =
    (node.type === "BinaryExpression" && node.operator === "+") ||
    (node.type === "AssignmentExpression" && node.operator === "+=");
  return plus && (isStringy(node.left as SyntaxNode) || isStringy(node.right as SyntaxNode));
}

function isStringy(node: SyntaxNode): boolean {
  return (
    (node.type === "Literal" && typeof node.value === "string") ||
    node.type === "TemplateLiteral" ||
    isStringConcat(node)
  );
}

/** Report a chain `"a" + b + c` once, at its outermost `+` (parentheses are not nodes here). */
function isOuterStringConcat(node: SyntaxNode, parent: SyntaxNode): boolean {
  return isStringConcat(node) && !isStringConcat(parent);
}

function snippet(code: string, node: SyntaxNode): string {
  const first = code.slice(node.range[0], node.range[1]).split("\n")[0]!.trim();
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}
