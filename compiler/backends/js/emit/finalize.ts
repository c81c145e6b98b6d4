// The reference for name resolution, from a syntax tree: every claimed name (a placeholder, see
// names.ts) becomes an identifier that no code of the emitter uses where the name is visible, and
// indexed reads get their `!` (indexed-reads.ts). The reserved identifiers are read off the module
// itself, so whatever local or member the emitter declares, no spec name can take it. The build
// uses resolve-names.ts (the same rule from tokens, no parse); the tests hold the two to the same
// output on a corpus that reaches every feature of the emitter (emitted-corpus.test.ts).
import { InternalError } from "../../../errors.ts";
import { indexedReadMark } from "./indexed-reads.ts";
import { NameTable, PLACEHOLDER } from "./names.ts";
import { applyEdits, type Edit } from "./splice.ts";
import { childrenOf, parseModule, walk, type SyntaxNode } from "./syntax.ts";

export function finalizeModule(code: string, names: NameTable): string {
  const edits: Edit[] = [];
  // By start: a shorthand property or export specifier holds one identifier as two nodes.
  const slots = new Map<number, { end: number; index: number }>();
  const reserved = new Set<string>();
  const visit = (node: SyntaxNode, ancestors: SyntaxNode[], locals: ReadonlySet<string>): void => {
    const parent = ancestors[ancestors.length - 1]!;
    if (node.type === "Identifier") {
      const name = node.name as string;
      const placeholder = PLACEHOLDER.exec(name);
      // An identifier's range spans its type annotation: the name is its first characters.
      if (placeholder) slots.set(node.range[0], { end: node.range[0] + name.length, index: Number(placeholder[1]) });
      else if (!locals.has(name) || isMemberName(node, parent)) reserved.add(name);
    } else {
      const mark = indexedReadMark(node, parent);
      if (mark) edits.push(mark);
    }
    const inner = privateLocals(node, ancestors, code) ?? locals;
    ancestors.push(node);
    for (const child of childrenOf(node)) visit(child, ancestors, isOwnName(node, child) ? locals : inner);
    ancestors.pop();
  };
  const root = parseModule(code);
  for (const child of childrenOf(root)) visit(child, [root], new Set());
  const assigned = names.assign(reserved);
  for (const [start, s] of slots) {
    const name = assigned[s.index];
    if (name === undefined) throw new InternalError(`emitted code holds an unclaimed name $${s.index}$`);
    edits.push({ start, end: s.end, text: name });
  }
  return applyEdits(code, edits);
}

const METHODS = new Set(["MethodDefinition", "TSAbstractMethodDefinition"]);
const DECLARED_FUNCTIONS = new Set(["FunctionDeclaration", "TSDeclareFunction"]);
const EXPORTS = new Set(["ExportNamedDeclaration", "ExportDefaultDeclaration"]);
/** Nodes with a parameter list (`params`), type-level signatures included. */
const WITH_PARAMS = new Set([
  "FunctionDeclaration",
  "TSDeclareFunction",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "TSEmptyBodyFunctionExpression",
  "TSFunctionType",
  "TSConstructorType",
  "TSMethodSignature",
  "TSCallSignatureDeclaration",
  "TSConstructSignatureDeclaration",
]);

/**
 * The locals of a function or method that no claimed name can see: one that mentions no claimed
 * name (a helper, a kernel, `save()`), so its parameters and variables cannot collide with one.
 * Everything else (members, module-level names, globals it reads) stays reserved.
 */
function privateLocals(node: SyntaxNode, ancestors: readonly SyntaxNode[], code: string): ReadonlySet<string> | undefined {
  if (!isModuleFunction(node, ancestors) && !isClassMethod(node, ancestors)) return undefined;
  const name = (node.id ?? node.key) as SyntaxNode | null | undefined;
  const from = name ? name.range[1] : node.range[0];
  if (/\$\d+\$/.test(code.slice(from, node.range[1]))) return undefined;
  const locals = new Set<string>();
  const add = (binding: SyntaxNode | null | undefined) => {
    if (binding?.type === "Identifier") locals.add(binding.name as string);
  };
  const collect = (n: SyntaxNode): void => {
    if (WITH_PARAMS.has(n.type)) for (const p of n.params as SyntaxNode[]) add(parameterName(p));
    else if (n.type === "TSIndexSignature") for (const p of n.parameters as SyntaxNode[]) add(p);
    else if (n.type === "VariableDeclarator") add(n.id as SyntaxNode);
    else if (n.type === "CatchClause") add(n.param as SyntaxNode | null); // a catch binding: a variable declaration
  };
  collect(node); // a declared function's own parameters (a method's are in its function, below)
  walk(node, collect);
  return locals;
}

/** A function declared at module level, exported or not. */
function isModuleFunction(node: SyntaxNode, ancestors: readonly SyntaxNode[]): boolean {
  if (!DECLARED_FUNCTIONS.has(node.type)) return false;
  const parent = ancestors[ancestors.length - 1]!;
  return parent.type === "Program" || (EXPORTS.has(parent.type) && ancestors[ancestors.length - 2]?.type === "Program");
}

/** A method, constructor or accessor of a class declaration (not of a class expression). */
function isClassMethod(node: SyntaxNode, ancestors: readonly SyntaxNode[]): boolean {
  return METHODS.has(node.type) && ancestors[ancestors.length - 2]?.type === "ClassDeclaration";
}

/** The identifier a parameter binds (`x`, `x = 1`, `...x`, `private x`), if it binds a single one. */
function parameterName(param: SyntaxNode): SyntaxNode | undefined {
  if (param.type === "TSParameterProperty") return parameterName(param.parameter as SyntaxNode);
  if (param.type === "AssignmentPattern") return param.left as SyntaxNode;
  if (param.type === "RestElement") return param.argument as SyntaxNode;
  return param;
}

/** The name of the function or method itself belongs to the enclosing scope. */
function isOwnName(node: SyntaxNode, child: SyntaxNode): boolean {
  if (DECLARED_FUNCTIONS.has(node.type)) return node.id === child;
  const isMethod = METHODS.has(node.type) || (node.type === "Property" && (node.method === true || node.kind !== "init"));
  return isMethod && node.key === child;
}

/** A property name (`this.params`, `{ seed }`, a class field): a member, never a local. */
function isMemberName(node: SyntaxNode, parent: SyntaxNode): boolean {
  switch (parent.type) {
    case "MemberExpression":
      return parent.property === node && parent.computed !== true;
    case "Property":
      if (parent.shorthand === true) return true;
      return parent.key === node && parent.computed !== true && parent.method !== true && parent.kind === "init";
    case "PropertyDefinition":
    case "TSAbstractPropertyDefinition":
    case "TSPropertySignature":
      return parent.key === node && parent.computed !== true;
    default:
      return false;
  }
}
