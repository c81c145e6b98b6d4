// Lower bounds of the numbers in translated code: `A[i + k]` puts k in the instruction's offset only
// when i ≥ 0 (WebAssembly adds it to the address unsigned: i < 0 traps where JavaScript reads i + k).
import type { ts as TS } from "ts-morph";
import type { Expr } from "./scalar.ts";

/** A lower bound of the value: −∞ when unknown (NaN, never an index JavaScript reads, is not bounded). */
export function lowerBound(e: Expr): number {
  if (e.type === "lit") return e.value!;
  if (e.type === "u32" || e.type === "bool") return 0;
  return e.min ?? -Infinity;
}

/** ∞ − ∞ (an optimistic bound meeting an unknown one) is unknown. */
const known = (v: number): number => (Number.isNaN(v) ? -Infinity : v);

/** A bound an operand keeps in a bitwise operation (ToInt32): a word or a double may be ≥ 2³¹, negative there. */
function bitsBound(e: Expr): number {
  const int32 = e.type === "i32" || e.type === "bool" || (e.type === "lit" && e.value! < 2 ** 31);
  return int32 ? lowerBound(e) : -Infinity;
}

/** A lower bound of `a op b` from its operands' (integer arithmetic here never overflows). */
export function binaryBound(op: string, a: Expr, b: Expr): number {
  const bits = ["|", "^", "&", ">>"].includes(op);
  const [x, y] = bits ? [bitsBound(a), bitsBound(b)] : [lowerBound(a), lowerBound(b)];
  const both = x >= 0 && y >= 0;
  switch (op) {
    case "+":
      return known(x + y);
    case "-":
      return b.type === "lit" ? known(x - b.value!) : -Infinity;
    case "*":
      return both ? (Number.isNaN(x * y) ? 0 : x * y) : -Infinity;
    case "/":
    case "|":
    case "^":
      return both ? 0 : -Infinity;
    case "%":
    case ">>":
      return x >= 0 ? 0 : -Infinity;
    case "&":
      return x >= 0 || y >= 0 ? 0 : -Infinity;
    case ">>>":
    case "<":
    case "<=":
    case ">":
    case ">=":
    case "===":
    case "!==":
      return 0;
    default:
      return -Infinity;
  }
}

/** A lower bound of `Math.name(args)`. */
export function mathBound(name: string, args: readonly Expr[]): number {
  const xs = args.map(lowerBound);
  if (name === "max") return Math.max(...xs);
  if (name === "min") return Math.min(...xs);
  if (name === "abs" || name === "exp" || name === "sqrt") return 0;
  if (name === "floor" || name === "ceil" || name === "trunc" || name === "fround") return Math[name](xs[0]!);
  return -Infinity;
}

/**
 * `if (v < k || …) continue;` (or break, or return) without an else: past it, v ≥ k (v ≥ ⌊k⌋ + 1 for
 * `v <= k`, v an integer). The names and bounds it sets; nothing for any other statement.
 */
export function guardBounds(ts: typeof TS, s: TS.Statement): [string, number][] {
  if (!ts.isIfStatement(s) || s.elseStatement) return [];
  let exit = s.thenStatement;
  if (ts.isBlock(exit) && exit.statements.length === 1) exit = exit.statements[0]!;
  if (!ts.isContinueStatement(exit) && !ts.isBreakStatement(exit) && !ts.isReturnStatement(exit)) return [];
  const out: [string, number][] = [];
  const visit = (c: TS.Expression): void => {
    while (ts.isParenthesizedExpression(c)) c = c.expression;
    if (!ts.isBinaryExpression(c)) return;
    const op = c.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken) {
      visit(c.left);
      visit(c.right);
      return;
    }
    const k = literal(ts, c.right);
    if (!ts.isIdentifier(c.left) || k === undefined) return;
    if (op === ts.SyntaxKind.LessThanToken) out.push([c.left.text, k]);
    if (op === ts.SyntaxKind.LessThanEqualsToken) out.push([c.left.text, Math.floor(k) + 1]);
  };
  visit(s.expression);
  return out;
}

/** A numeric literal's value, or its negation's. */
function literal(ts: typeof TS, e: TS.Expression): number | undefined {
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  return undefined;
}
