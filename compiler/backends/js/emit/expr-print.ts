// Scalar expressions of the emitted loops in their canonical form: the parentheses prettier would
// print, no more, no fewer (expr.ts composes op templates by substitution and parenthesizes every
// compound argument). Covers the small expression language the op templates use: numbers, names,
// members, indexing (with `!`), calls, unary - + !, binary arithmetic and comparisons, `?:`.
// Anything else (a logical operator, a template literal) is reported, and the caller keeps the
// prettier fallback.
type Expr =
  | { kind: "atom"; text: string }
  | { kind: "member"; object: Expr; name: string }
  | { kind: "index"; object: Expr; index: Expr; mark: boolean }
  | { kind: "call"; callee: Expr; args: Expr[] }
  | { kind: "unary"; op: string; arg: Expr }
  | { kind: "binary"; op: string; left: Expr; right: Expr }
  | { kind: "conditional"; test: Expr; then: Expr; else: Expr };

const PRECEDENCE: Record<string, number> = {
  "??": 1, "||": 2, "&&": 3, "|": 4, "^": 5, "&": 6,
  "==": 7, "!=": 7, "===": 7, "!==": 7,
  "<": 8, ">": 8, "<=": 8, ">=": 8, instanceof: 8, in: 8,
  "<<": 9, ">>": 9, ">>>": 9,
  "+": 10, "-": 10, "*": 11, "/": 11, "%": 11, "**": 12,
};
/** Operators whose mixing prettier leaves alone: logical and bitwise ones are not handled here. */
const HANDLED = new Set(["==", "!=", "===", "!==", "<", ">", "<=", ">=", "+", "-", "*", "/", "%"]);

export class NotCanonical extends Error {}

/** The canonical text of `code`, or NotCanonical when it uses what this printer does not know. */
export function canonicalExpr(code: string): string {
  const tokens = code.match(/\d+(?:\.\d+)?(?:e[-+]?\d+)?|[A-Za-z_$][\w$]*|===|!==|==|!=|<=|>=|>>>|<<|>>|\*\*|&&|\|\||\?\?|\S/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (expected?: string) => {
    const t = tokens[pos++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new NotCanonical(`expected ${expected ?? "a token"} in ${code}`);
    return t;
  };
  const primary = (): Expr => {
    const t = take();
    let e: Expr;
    if (t === "(") {
      e = conditional();
      take(")");
    } else if (t === "-" || t === "+" || t === "!") e = { kind: "unary", op: t, arg: unaryOperand() };
    else if (/^[\w$]/.test(t)) e = { kind: "atom", text: t.replace(/e\+/, "e") };
    else throw new NotCanonical(`unexpected ${t} in ${code}`);
    return e;
  };
  const unaryOperand = (): Expr => postfix(primary());
  const postfix = (e: Expr): Expr => {
    for (;;) {
      const t = peek();
      if (t === ".") {
        take();
        e = { kind: "member", object: e, name: take() };
      } else if (t === "[") {
        take();
        const index = conditional();
        take("]");
        const mark = peek() === "!" && !["=", "=="].includes(tokens[pos + 1] ?? "");
        if (mark) take();
        e = { kind: "index", object: e, index, mark };
      } else if (t === "(") {
        take();
        const args: Expr[] = [];
        while (peek() !== ")") {
          args.push(conditional());
          if (peek() === ",") take();
        }
        take(")");
        e = { kind: "call", callee: e, args };
      } else return e;
    }
  };
  const binary = (min: number): Expr => {
    let left = postfix(primary());
    for (;;) {
      const op = peek();
      const p = op === undefined ? undefined : PRECEDENCE[op];
      if (p === undefined || p < min) return left;
      if (!HANDLED.has(op!)) throw new NotCanonical(`operator ${op} in ${code}`);
      take();
      left = { kind: "binary", op: op!, left, right: binary(p + 1) };
    }
  };
  const conditional = (): Expr => {
    const test = binary(0);
    if (peek() !== "?") return test;
    take();
    const then = conditional();
    take(":");
    return { kind: "conditional", test, then, else: conditional() };
  };
  const e = conditional();
  if (pos !== tokens.length) throw new NotCanonical(`trailing ${tokens[pos]} in ${code}`);
  return print(e);
}

function print(e: Expr): string {
  switch (e.kind) {
    case "atom":
      return e.text;
    case "member":
      return `${operand(e.object)}.${e.name}`;
    case "index":
      return `${operand(e.object)}[${print(e.index)}]${e.mark ? "!" : ""}`;
    case "call":
      return `${operand(e.callee)}(${e.args.map(print).join(", ")})`;
    case "unary": {
      const inner = e.arg.kind === "unary" && (e.arg.op === e.op || e.op !== "!") ? `(${print(e.arg)})` : operand(e.arg, true);
      return `${e.op}${inner}`;
    }
    case "binary":
      return `${side(e, e.left, "left")} ${e.op} ${side(e, e.right, "right")}`;
    case "conditional":
      return `${e.test.kind === "conditional" ? `(${print(e.test)})` : print(e.test)} ? ${print(e.then)} : ${print(e.else)}`;
  }
}

/** The object of a member, call or index, or a unary operand: only primaries go bare. */
function operand(e: Expr, unary = false): string {
  const bare = e.kind === "atom" || e.kind === "member" || e.kind === "index" || e.kind === "call" || (unary && e.kind === "unary");
  return bare ? print(e) : `(${print(e)})`;
}

/** prettier's needs-parens rule for a binary operand. */
function side(parent: Extract<Expr, { kind: "binary" }>, child: Expr, at: "left" | "right"): string {
  if (child.kind === "conditional") return `(${print(child)})`;
  if (child.kind !== "binary") return print(child);
  const pp = PRECEDENCE[parent.op]!;
  const np = PRECEDENCE[child.op]!;
  const parens =
    pp > np ||
    (pp === np && at === "right") ||
    (pp === np && !shouldFlatten(parent.op, child.op)) ||
    (pp < np && child.op === "%" && (parent.op === "+" || parent.op === "-"));
  return parens ? `(${print(child)})` : print(child);
}

const MULTIPLICATIVE = new Set(["*", "/", "%"]);
const EQUALITY = new Set(["==", "!=", "===", "!=="]);

/** prettier's shouldFlatten: `a op1 b op2 c` prints without parentheses. */
function shouldFlatten(parentOp: string, nodeOp: string): boolean {
  if (PRECEDENCE[nodeOp] !== PRECEDENCE[parentOp]) return false;
  if (parentOp === "**") return false;
  if (EQUALITY.has(parentOp) && EQUALITY.has(nodeOp)) return false;
  if ((nodeOp === "%" && MULTIPLICATIVE.has(parentOp)) || (parentOp === "%" && MULTIPLICATIVE.has(nodeOp))) return false;
  if (nodeOp !== parentOp && MULTIPLICATIVE.has(nodeOp) && MULTIPLICATIVE.has(parentOp)) return false;
  return true;
}
