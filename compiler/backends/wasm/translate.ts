// Translates one function of the JavaScript backend's emitted loops into a WebAssembly function
// (text format). The input is the small subset of TypeScript the JavaScript emitter writes: number
// locals, typed-array reads and writes, for / while / do / if, Math calls, module-level helpers.
// Invariant: the translation computes what the JavaScript computes, operation for operation (every
// floating value a double, an f32 array's element rounded where it is stored, Math's transcendental
// functions imported from JavaScript itself), so both targets give the same numbers. Anything
// outside the subset is an internal error naming the construct, never a silent mistranslation.
import type { ts as TS } from "ts-morph";
import { InternalError } from "../../errors.ts";
import { coerce, isInt, join, literalExpr, signedness, truth, valType, type Expr, type Scalar } from "./scalar.ts";
import { mathCall, type Imports } from "./math.ts";
import { binaryBound, guardBounds, lowerBound, mathBound } from "./bounds.ts";
import { intArith, negateInt } from "./negzero.ts";

export type ElementKind = "f32" | "f64" | "i32" | "u32";

/** An array the code reads or writes: its element type and its base address (a wasm i32 expression). */
export interface ArrayRef {
  kind: ElementKind;
  /** A fixed byte address (memory planned at compile time), or a pointer parameter's local. */
  address: number | string;
}

/** A module-level function the code calls: its parameters (an array parameter is a pointer) and result. */
export interface FunctionSig {
  params: ("array" | Scalar)[];
  result: Scalar | "void";
}

/** What translated code sees besides its own locals: `this.` fields, module constants, functions. */
export interface Globals {
  /** Arrays by name: `this.F` fields and module-level constant tables. */
  arrays: ReadonlyMap<string, ArrayRef>;
  /** Number fields (`this.randomState`) kept in memory: their byte address and type. */
  scalars: ReadonlyMap<string, { address: number; type: "u32" | "i32" | "f64" }>;
  functions: ReadonlyMap<string, FunctionSig>;
  imports: Imports;
}

/** A local: `constant` when declared `const` (its one value known where it is read). */
type Binding = { kind: "local"; local: string; id: number; constant?: boolean } | { kind: "array"; ref: ArrayRef };

const ELEMENT_BYTES: Record<ElementKind, number> = { f32: 4, f64: 8, i32: 4, u32: 4 };
const ELEMENT_TYPE: Record<ElementKind, Scalar> = { f32: "f64", f64: "f64", i32: "i32", u32: "u32" };
const ARRAY_TYPES: Record<string, ElementKind> = { Float32Array: "f32", Float64Array: "f64", Int32Array: "i32", Uint32Array: "u32" };

/** The element kind of a typed-array type name, or undefined for any other type. */
export const arrayKind = (typeName: string): ElementKind | undefined => ARRAY_TYPES[typeName];

/** The comments written above a node, as WebAssembly `;;` lines (prettier's directives left out). */
export function leadingComments(ts: typeof TS, node: TS.Node): string[] {
  const text = node.getSourceFile().text;
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return ranges.flatMap((r) =>
    text
      .slice(r.pos, r.end)
      .replace(/^\/\*\*?|\*\/$/g, "")
      .split("\n")
      .map((line) => line.replace(/^\s*(\/\/|\*)?\s?/, "").trimEnd())
      .filter((line) => line !== "" && line !== "prettier-ignore")
      .map((line) => `;; ${line}`),
  );
}

export interface FunctionSource {
  /** The wasm function's name (without `$`) and, when exported, its export name. */
  name: string;
  exportAs?: string;
  params: { name: string; type: "array"; kind: ElementKind }[] | { name: string; type: "array" | Scalar; kind?: ElementKind }[];
  result: Scalar | "void";
  body: TS.Block;
  /** `;;` lines written above the function. */
  comment?: string[];
}

/**
 * The function as WebAssembly text. Variable types are inferred to a fixed point first, and so are
 * the variables' lower bounds (from +∞; a bound still falling after a round is widened to −∞; past
 * BOUND_ROUNDS rounds, every variable's bound is −∞, a constant's its own: a long chain still settles).
 */
export function translateFunction(ts: typeof TS, source: FunctionSource, globals: Globals): string {
  let types = new Map<number, Scalar>();
  let bounds = new Map<number, number>();
  for (let round = 0; round < 20; round++) {
    const unbounded = round >= BOUND_ROUNDS;
    const t = new Translator(ts, source, globals, types, unbounded ? UNBOUNDED : bounds);
    const text = t.run();
    const next = new Map([...t.bounds].map(([id, b]) => [id, round > 0 && b < (bounds.get(id) ?? Infinity) && Number.isFinite(bounds.get(id)) ? -Infinity : b]));
    if (sameTypes(types, t.assigned) && (unbounded || sameBounds(bounds, next))) return text;
    types = t.assigned;
    bounds = next;
  }
  throw new InternalError(`wasm: the types of ${source.name}'s variables do not settle`);
}

function sameTypes(a: Map<number, Scalar>, b: Map<number, Scalar>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

const BOUND_ROUNDS = 8;
const UNBOUNDED = { get: (_id: number): number => -Infinity };

function sameBounds(a: Map<number, number>, b: Map<number, number>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => Object.is(b.get(k), v));
}

/** The type of a value that is one of a and b (a ternary's, `&&`'s): a double when a word ≥ 2³¹ may meet a negative int. */
function valueType(a: Expr, b: Expr): Scalar {
  const integer = (e: Expr) => isInt(e.type) || e.type === "lit";
  if (integer(a) && integer(b) && signedness([a, b]) === "f64") return "f64";
  const joined = join(a.type, b.type);
  return settled(joined === "bool" ? "i32" : joined);
}

/** The type a variable ends up with: a literal-only one is an integer unless a literal was fractional. */
const settled = (t: Scalar | undefined): Scalar => (t === undefined || t === "lit" || t === "bool" ? "i32" : t);

class Translator {
  readonly assigned = new Map<number, Scalar>();
  /** Each variable's lower bound: the least of the values assigned to it (bounds.ts). */
  readonly bounds = new Map<number, number>();
  /** Bounds a guard (`if (v < 0) continue;`) set on constants, per open block. */
  private readonly guards: Map<number, number>[] = [];
  private readonly scopes: Map<string, Binding>[] = [];
  private readonly locals: { name: string; type: "i32" | "f64" }[] = [];
  private readonly localNames = new Set<string>();
  private readonly loops: { brk: string; cont: string }[] = [];
  private nextId = 0;
  private nextLabel = 0;

  constructor(
    private readonly ts: typeof TS,
    private readonly source: FunctionSource,
    private readonly globals: Globals,
    private readonly types: Map<number, Scalar>,
    /** The previous round's bounds (a `let` is read before its last assignment is seen). */
    private readonly wasBounds: { get(id: number): number | undefined },
  ) {}

  run(): string {
    const s = this.source;
    const params = new Map<string, Binding>();
    const paramText: string[] = [];
    for (const p of s.params) {
      const local = this.claimLocal(p.name);
      if (p.type === "array") {
        params.set(p.name, { kind: "array", ref: { kind: p.kind!, address: `(local.get ${local})` } });
        paramText.push(`(param ${local} i32)`);
      } else {
        const id = this.nextId++;
        this.assigned.set(id, p.type);
        // (the batch is a count; any other number parameter may be negative)
        this.bounds.set(id, p.name === "batch" ? 0 : -Infinity);
        params.set(p.name, { kind: "local", local, id });
        paramText.push(`(param ${local} ${valType(p.type)})`);
      }
    }
    this.scopes.push(params);
    const body = this.block(s.body.statements);
    this.scopes.pop();
    const result = s.result === "void" ? "" : ` (result ${valType(s.result)})`;
    const head = `(func $${s.name}${s.exportAs ? ` (export "${s.exportAs}")` : ""} ${paramText.join(" ")}${result}`.replace(/ +$/, "");
    const locals = this.locals.map((l) => `(local ${l.name} ${l.type})`);
    // (a function with a result ends in a return of every path: the trailing unreachable satisfies the validator)
    return [...(s.comment ?? []), head, ...indent([...locals, ...body, ...(s.result === "void" ? [] : ["unreachable"])]), ")"].join("\n");
  }

  // ── names ──────────────────────────────────────────────────────────────────────────────────

  private claimLocal(jsName: string): string {
    let name = `$${jsName}`;
    for (let k = 2; this.localNames.has(name); k++) name = `$${jsName}_${k}`;
    this.localNames.add(name);
    return name;
  }

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i]!.get(name);
      if (b) return b;
    }
    const global = this.globals.arrays.get(name);
    return global ? { kind: "array", ref: global } : undefined;
  }

  private typeOf(id: number): Scalar {
    return settled(this.types.get(id));
  }

  private record(id: number, t: Scalar): void {
    const before = this.assigned.get(id);
    this.assigned.set(id, before === undefined ? t : join(before, t));
  }

  /** A variable assigned `v`: its type joined with v's, its bound lowered to v's. */
  private recordValue(id: number, v: Expr): void {
    // (an int that may be −0 makes the variable a double)
    this.record(id, v.negZero && isInt(v.type) ? "f64" : v.type);
    this.bounds.set(id, Math.min(this.bounds.get(id) ?? Infinity, lowerBound(v)));
  }

  /** A local's value where it is read: a constant's own bound (raised by guards), a variable's from the last round. */
  private localExpr(b: Binding & { kind: "local" }): Expr {
    let min = (b.constant ? this.bounds.get(b.id) : this.wasBounds.get(b.id)) ?? Infinity;
    if (b.constant) for (const g of this.guards) min = Math.max(min, g.get(b.id) ?? -Infinity);
    return { code: `(local.get ${b.local})`, type: this.typeOf(b.id), min };
  }

  private temp(type: "i32" | "f64"): string {
    const name = this.claimLocal(`t${this.locals.length}`);
    this.locals.push({ name, type });
    return name;
  }

  // ── statements ─────────────────────────────────────────────────────────────────────────────

  private block(statements: readonly TS.Statement[]): string[] {
    this.scopes.push(new Map());
    const guards = new Map<number, number>();
    this.guards.push(guards);
    const out = statements.flatMap((s) => {
      const code = this.statement(s);
      for (const [name, min] of guardBounds(this.ts, s)) {
        const b = this.lookup(name);
        if (b?.kind === "local" && b.constant && isInt(this.typeOf(b.id))) guards.set(b.id, Math.max(min, guards.get(b.id) ?? -Infinity));
      }
      return code;
    });
    this.guards.pop();
    this.scopes.pop();
    return out;
  }

  /** A statement with the comments written above it (the layer and the chain-rule term), as `;;` lines. */
  private statement(s: TS.Statement): string[] {
    return [...this.comments(s), ...this.statementCode(s)];
  }

  private comments(s: TS.Node): string[] {
    return leadingComments(this.ts, s);
  }

  private statementCode(s: TS.Statement): string[] {
    const ts = this.ts;
    if (ts.isBlock(s)) return this.block(s.statements);
    if (ts.isVariableStatement(s)) return this.declarations(s.declarationList);
    if (ts.isExpressionStatement(s)) return this.effect(s.expression);
    if (ts.isIfStatement(s)) {
      const then = this.statement(s.thenStatement);
      const otherwise = s.elseStatement ? this.statement(s.elseStatement) : [];
      return [`(if ${truth(this.expr(s.expression))}`, ...indent(["(then", ...indent(then), ")"]), ...(otherwise.length ? indent(["(else", ...indent(otherwise), ")"]) : []), ")"];
    }
    if (ts.isForStatement(s)) return this.forLoop(s);
    if (ts.isWhileStatement(s)) return this.loop(undefined, s.expression, s.statement, undefined);
    if (ts.isDoStatement(s)) return this.doLoop(s);
    if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) {
      const loop = this.loops[this.loops.length - 1];
      if (!loop || s.label) throw this.unsupported(s);
      return [`(br ${ts.isBreakStatement(s) ? loop.brk : loop.cont})`];
    }
    if (ts.isReturnStatement(s)) {
      if (!s.expression) return ["(return)"];
      if (this.source.result === "void") throw this.unsupported(s);
      return [`(return ${coerce(this.expr(s.expression), this.source.result)})`];
    }
    if (s.kind === ts.SyntaxKind.EmptyStatement) return [];
    throw this.unsupported(s);
  }

  private declarations(list: TS.VariableDeclarationList): string[] {
    const ts = this.ts;
    const scope = this.scopes[this.scopes.length - 1]!;
    const constant = (list.flags & ts.NodeFlags.Const) !== 0;
    const out: string[] = [];
    for (const d of list.declarations) {
      if (!ts.isIdentifier(d.name)) throw this.unsupported(d);
      const name = d.name.text;
      // `const x = this.x;` (the views a method hoists) and `const A = B` alias an array: no local.
      const init = d.initializer && this.unwrap(d.initializer);
      const array = init ? this.arrayOf(init) : undefined;
      if (array) {
        scope.set(name, { kind: "array", ref: array });
        continue;
      }
      const id = this.nextId++;
      const local = this.claimLocal(name);
      const type = this.typeOf(id);
      this.locals.push({ name: local, type: valType(type) });
      if (init) {
        const value = this.expr(init);
        this.recordValue(id, value);
        out.push(`(local.set ${local} ${coerce(value, type)})`);
      } else {
        this.record(id, "lit");
        this.bounds.set(id, -Infinity);
      }
      scope.set(name, { kind: "local", local, id, constant }); // (in scope after its initializer, as `let` is)
    }
    return out;
  }

  private forLoop(s: TS.ForStatement): string[] {
    const ts = this.ts;
    this.scopes.push(new Map());
    const init = !s.initializer ? [] : ts.isVariableDeclarationList(s.initializer) ? this.declarations(s.initializer) : this.effect(s.initializer);
    const out = [...init, ...this.loop(undefined, s.condition, s.statement, s.incrementor)];
    this.scopes.pop();
    return out;
  }

  /** while / for: test, body (continue lands after it), step, back to the test. */
  private loop(_init: undefined, condition: TS.Expression | undefined, body: TS.Statement, step: TS.Expression | undefined): string[] {
    const n = this.nextLabel++;
    const labels = { brk: `$break${n}`, cont: `$continue${n}` };
    const test = condition ? [`(br_if ${labels.brk} (i32.eqz ${truth(this.expr(condition))}))`] : [];
    this.loops.push(labels);
    const inner = this.statement(body);
    this.loops.pop();
    const after = step ? this.effect(step) : [];
    return [`(block ${labels.brk}`, ...indent([`(loop $loop${n}`, ...indent([...test, `(block ${labels.cont}`, ...indent(inner), ")", ...after, `(br $loop${n})`]), ")"]), ")"];
  }

  private doLoop(s: TS.DoStatement): string[] {
    const n = this.nextLabel++;
    const labels = { brk: `$break${n}`, cont: `$continue${n}` };
    this.loops.push(labels);
    const inner = this.statement(s.statement);
    this.loops.pop();
    const test = `(br_if $loop${n} ${truth(this.expr(s.expression))})`;
    return [`(block ${labels.brk}`, ...indent([`(loop $loop${n}`, ...indent([`(block ${labels.cont}`, ...indent(inner), ")", test]), ")"]), ")"];
  }

  /** An expression evaluated for its effect: an assignment, `++`, a call, a comma list of them. */
  private effect(e: TS.Expression): string[] {
    const ts = this.ts;
    e = this.unwrap(e);
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.CommaToken) return [...this.effect(e.left), ...this.effect(e.right)];
      const token = ts.tokenToString(op) ?? "";
      const compound = token.endsWith("=") && token.length > 1 && !["==", "===", "!=", "!==", "<=", ">="].includes(token) ? token.slice(0, -1) : undefined;
      if (op === ts.SyntaxKind.EqualsToken) return this.assign(e.left, () => this.expr(e.right));
      if (compound) return this.assign(e.left, (current) => this.binary(compound, current(), this.expr(e.right)));
    }
    if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) {
      const op = e.operator === ts.SyntaxKind.PlusPlusToken ? "+" : "-";
      return this.assign(e.operand, (current) => this.binary(op, current(), literalExpr(1)));
    }
    if (ts.isCallExpression(e)) {
      const call = this.call(e);
      return [call.type === ("void" as Scalar) ? call.code : `(drop ${call.code})`];
    }
    throw this.unsupported(e);
  }

  /** `target = value(current)`: a local, an array element (its address computed once) or a field. */
  private assign(target: TS.Expression, value: (current: () => Expr) => Expr): string[] {
    const ts = this.ts;
    target = this.unwrap(target);
    if (ts.isIdentifier(target)) {
      const b = this.lookup(target.text);
      if (!b || b.kind !== "local") throw this.unsupported(target);
      const type = this.typeOf(b.id);
      const v = value(() => this.localExpr(b));
      this.recordValue(b.id, v);
      return [`(local.set ${b.local} ${coerce(v, type)})`];
    }
    if (ts.isElementAccessExpression(target)) {
      const ref = this.arrayOf(this.unwrap(target.expression));
      if (!ref) throw this.unsupported(target);
      const { address, offset } = this.address(ref, target.argumentExpression);
      let at = address;
      const pre: string[] = [];
      const current = () => {
        if (at === address && !/^\(i32\.const \d+\)$/.test(address)) {
          const t = this.temp("i32");
          pre.push(`(local.set ${t} ${address})`);
          at = `(local.get ${t})`;
        }
        return this.load(ref, at, offset);
      };
      const v = value(current);
      return [...pre, this.store(ref, at, offset, v)];
    }
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const field = this.globals.scalars.get(target.name.text);
      if (!field) throw this.unsupported(target);
      const type: Scalar = field.type;
      const v = value(() => ({ code: `(${valType(type)}.load (i32.const ${field.address}))`, type }));
      return [`(${valType(type)}.store (i32.const ${field.address}) ${coerce(v, type)})`];
    }
    throw this.unsupported(target);
  }

  // ── expressions ────────────────────────────────────────────────────────────────────────────

  /** Parentheses, `!` (non-null) and `as` casts change nothing here. */
  private unwrap(e: TS.Expression): TS.Expression {
    const ts = this.ts;
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    return e;
  }

  /** The array an expression names (a binding, a `this.` field), or undefined. */
  private arrayOf(e: TS.Expression): ArrayRef | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(e)) {
      const b = this.lookup(e.text);
      return b?.kind === "array" ? b.ref : undefined;
    }
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return this.globals.arrays.get(e.name.text);
    return undefined;
  }

  /** Byte address of `ref[index]` as an expression plus a constant offset (the memarg's). */
  private address(ref: ArrayRef, index: TS.Expression): { address: string; offset: number } {
    const ts = this.ts;
    const size = ELEMENT_BYTES[ref.kind];
    let constant = 0;
    let rest: TS.Expression | undefined = this.unwrap(index);
    // a trailing `+ k` (k ≥ 0) goes into the instruction's offset (when the rest is ≥ 0, bounds.ts)
    if (ts.isBinaryExpression(rest) && rest.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const k = this.unwrap(rest.right);
      if (ts.isNumericLiteral(k) && Number.isInteger(Number(k.text))) {
        constant = Number(k.text);
        rest = rest.left;
      }
    }
    let i = this.expr(rest);
    if (i.type === "lit") constant += i.value!;
    else if (constant !== 0 && !(lowerBound(i) >= 0)) {
      // (`i + k` with i perhaps negative: an address below the offset would trap, so k joins the index)
      i = { code: `(i32.add ${coerce(i, "i32")} (i32.const ${constant}))`, type: "i32" };
      constant = 0;
    }
    const scaled = i.type === "lit" ? undefined : size === 1 ? coerce(i, "i32") : `(i32.shl ${coerce(i, "i32")} (i32.const ${Math.log2(size)}))`;
    if (typeof ref.address === "number") {
      const offset = ref.address + constant * size;
      return scaled ? { address: scaled, offset } : { address: `(i32.const ${offset})`, offset: 0 };
    }
    return { address: scaled ? `(i32.add ${ref.address} ${scaled})` : ref.address, offset: constant * size };
  }

  private load(ref: ArrayRef, address: string, offset: number): Expr {
    const at = offset ? ` offset=${offset}` : "";
    const code = ref.kind === "f32" ? `(f64.promote_f32 (f32.load${at} ${address}))` : `(${valType(ELEMENT_TYPE[ref.kind])}.load${at} ${address})`;
    return { code, type: ELEMENT_TYPE[ref.kind] };
  }

  private store(ref: ArrayRef, address: string, offset: number, v: Expr): string {
    const at = offset ? ` offset=${offset}` : "";
    if (ref.kind === "f32") return `(f32.store${at} ${address} (f32.demote_f64 ${coerce(v, "f64")}))`;
    const type = ELEMENT_TYPE[ref.kind];
    return `(${valType(type)}.store${at} ${address} ${coerce(v, type)})`;
  }

  expr(e: TS.Expression): Expr {
    const ts = this.ts;
    e = this.unwrap(e);
    if (ts.isNumericLiteral(e)) return literalExpr(Number(e.text));
    if (ts.isIdentifier(e)) {
      if (e.text === "Infinity") return { code: "(f64.const inf)", type: "f64" };
      if (e.text === "NaN") return { code: "(f64.const nan)", type: "f64" };
      const b = this.lookup(e.text);
      if (!b || b.kind !== "local") throw this.unsupported(e);
      return this.localExpr(b);
    }
    if (ts.isElementAccessExpression(e)) {
      const ref = this.arrayOf(this.unwrap(e.expression));
      if (!ref) throw this.unsupported(e);
      const { address, offset } = this.address(ref, e.argumentExpression);
      return this.load(ref, address, offset);
    }
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const field = this.globals.scalars.get(e.name.text);
        if (field) return { code: `(${valType(field.type)}.load (i32.const ${field.address}))`, type: field.type };
      }
      if (ts.isIdentifier(e.expression) && e.expression.text === "Math") return mathCall(this.globals.imports, e.name.text, [], () => this.temp("i32"));
      throw this.unsupported(e);
    }
    // (before the other prefix operators: `++i` / `--i` as a value)
    if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) {
      return this.increment(e.operand, e.operator === ts.SyntaxKind.PlusPlusToken ? "add" : "sub", ts.isPostfixUnaryExpression(e));
    }
    if (ts.isPrefixUnaryExpression(e)) {
      const v = this.expr(e.operand);
      if (e.operator === ts.SyntaxKind.MinusToken) {
        if (v.type === "lit") return v.value === 0 ? { code: "(f64.const -0.0)", type: "f64" } : literalExpr(-v.value!);
        return v.type === "f64" ? { code: `(f64.neg ${v.code})`, type: "f64" } : negateInt(v);
      }
      if (e.operator === ts.SyntaxKind.PlusToken) return v;
      if (e.operator === ts.SyntaxKind.ExclamationToken) return { code: `(i32.eqz ${truth(v)})`, type: "bool" };
      if (e.operator === ts.SyntaxKind.TildeToken) return { code: `(i32.xor ${coerce(v, "i32")} (i32.const -1))`, type: "i32" };
      throw this.unsupported(e);
    }
    if (ts.isBinaryExpression(e)) {
      const op = ts.tokenToString(e.operatorToken.kind);
      if (op === "&&" || op === "||") return this.logical(op, this.expr(e.left), this.expr(e.right));
      if (!op || !(op in BINARY)) throw this.unsupported(e);
      return this.binary(op, this.expr(e.left), this.expr(e.right));
    }
    if (ts.isConditionalExpression(e)) {
      const [a, b] = [this.expr(e.whenTrue), this.expr(e.whenFalse)];
      const type = valueType(a, b);
      const test = truth(this.expr(e.condition));
      const code = `(if (result ${valType(type)}) ${test} (then ${coerce(a, type)}) (else ${coerce(b, type)}))`;
      const min = Math.min(lowerBound(a), lowerBound(b));
      if (type === "f64" || !(a.negZero || b.negZero)) return { code, type, min };
      // (an arm that may be −0: the double form chooses between the arms' double forms)
      return { code, type, min, negZero: true, asDouble: `(if (result f64) ${test} (then ${coerce(a, "f64")}) (else ${coerce(b, "f64")}))` };
    }
    if (ts.isCallExpression(e)) {
      const call = this.call(e);
      if (call.type === ("void" as Scalar)) throw this.unsupported(e);
      return call;
    }
    throw this.unsupported(e);
  }

  /** `a && b` / `a || b`: JavaScript's value, the operand that decided (0 or 1 when both are conditions). */
  private logical(op: "&&" | "||", a: Expr, b: Expr): Expr {
    if (a.type === "bool" && b.type === "bool") {
      const [x, y] = [truth(a), truth(b)];
      const code = op === "&&" ? `(if (result i32) ${x} (then ${y}) (else (i32.const 0)))` : `(if (result i32) ${x} (then (i32.const 1)) (else ${y}))`;
      return { code, type: "bool" };
    }
    // (an operand that may be −0 is kept as a double: −0 is falsy, the value that decides)
    const type = a.negZero || b.negZero ? "f64" : valueType(a, b);
    const t = this.temp(valType(type));
    const test = truth({ code: `(local.tee ${t} ${coerce(a, type)})`, type });
    const [kept, other] = [`(local.get ${t})`, coerce(b, type)];
    const [then, otherwise] = op === "&&" ? [other, kept] : [kept, other];
    return { code: `(if (result ${valType(type)}) ${test} (then ${then}) (else ${otherwise}))`, type, min: Math.min(lowerBound(a), lowerBound(b)) };
  }

  /** `i++` (the old value) or `++i` (the new one) of an integer local, as a value. */
  private increment(operand: TS.Expression, op: "add" | "sub", postfix: boolean): Expr {
    const target = this.unwrap(operand);
    const b = this.ts.isIdentifier(target) ? this.lookup(target.text) : undefined;
    if (!b || b.kind !== "local" || this.typeOf(b.id) !== "i32") throw this.unsupported(operand);
    const old = lowerBound(this.localExpr(b));
    const min = op === "add" ? old + 1 : old - 1;
    this.recordValue(b.id, { code: "", type: "i32", min });
    const get = `(local.get ${b.local})`;
    const set = `(local.set ${b.local} (i32.${op} ${get} (i32.const 1)))`;
    return { code: postfix ? `(block (result i32) ${get} ${set})` : `(block (result i32) ${set} ${get})`, type: "i32", min: postfix ? old : min };
  }

  binary(op: string, a: Expr, b: Expr): Expr {
    const e = this.binaryCode(op, a, b);
    return e.type === "lit" ? e : { ...e, min: binaryBound(op, a, b) };
  }

  private binaryCode(op: string, a: Expr, b: Expr): Expr {
    if (a.type === "lit" && b.type === "lit" && op in FOLD) {
      // (JavaScript's own double: an integer literal, or a double constant beyond the i32 range, or −0)
      return literalExpr(FOLD[op]!(a.value!, b.value!));
    }
    const kind = BINARY[op];
    if (!kind) throw new InternalError(`wasm: operator ${op}`);
    if (kind.kind === "bits") {
      const code = `(i32.${kind.i32} ${coerce(a, "i32")} ${coerce(b, "i32")})`;
      return { code, type: op === ">>>" ? "u32" : "i32" };
    }
    const float = kind.kind === "float" || a.type === "f64" || b.type === "f64";
    if (float) {
      if (!kind.f64) throw new InternalError(`wasm: ${op} on doubles`);
      return { code: `(f64.${kind.f64} ${coerce(a, "f64")} ${coerce(b, "f64")})`, type: kind.kind === "compare" ? "bool" : "f64" };
    }
    // (signedness matters to comparisons and %: a word ≥ 2³¹ against a negative int compares as doubles)
    const sign = kind.kind === "compare" || op === "%" ? signedness([a, b]) : "s";
    if (sign === "f64") {
      if (!kind.f64) throw new InternalError(`wasm: ${op} of an unsigned word and a signed int`);
      return { code: `(f64.${kind.f64} ${coerce(a, "f64")} ${coerce(b, "f64")})`, type: "bool" };
    }
    const name = kind.i32!.replace("_s", `_${sign}`);
    const code = `(i32.${name} ${coerce(a, "i32")} ${coerce(b, "i32")})`;
    return kind.kind === "compare" ? { code, type: "bool" } : intArith(op, a, b, code, () => this.temp("f64"));
  }

  private call(e: TS.CallExpression): Expr {
    const ts = this.ts;
    const callee = this.unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Math") {
      return mathCall(this.globals.imports, callee.name.text, e.arguments.map((a) => this.expr(a)), () => this.temp("i32"));
    }
    if (!ts.isIdentifier(callee)) throw this.unsupported(e);
    const sig = this.globals.functions.get(callee.text);
    if (!sig || sig.params.length !== e.arguments.length) throw this.unsupported(e);
    const args = e.arguments.map((a, i) => {
      if (sig.params[i] !== "array") return coerce(this.expr(a), sig.params[i] as Scalar);
      const ref = this.arrayOf(this.unwrap(a));
      if (!ref) throw this.unsupported(a);
      return typeof ref.address === "number" ? `(i32.const ${ref.address})` : ref.address;
    });
    return { code: `(call $${callee.text}${args.map((a) => ` ${a}`).join("")})`, type: sig.result as Scalar };
  }

  private unsupported(node: TS.Node): InternalError {
    const text = node.getText().split("\n")[0]!.slice(0, 80);
    return new InternalError(`wasm: cannot translate ${this.ts.SyntaxKind[node.kind]} \`${text}\` in ${this.source.name}`);
  }
}

type BinaryKind = { kind: "arith" | "compare" | "float" | "bits"; i32?: string; f64?: string };
const BINARY: Record<string, BinaryKind> = {
  "+": { kind: "arith", i32: "add", f64: "add" },
  "-": { kind: "arith", i32: "sub", f64: "sub" },
  "*": { kind: "arith", i32: "mul", f64: "mul" },
  "/": { kind: "float", f64: "div" },
  "%": { kind: "arith", i32: "rem_s" },
  "<": { kind: "compare", i32: "lt_s", f64: "lt" },
  "<=": { kind: "compare", i32: "le_s", f64: "le" },
  ">": { kind: "compare", i32: "gt_s", f64: "gt" },
  ">=": { kind: "compare", i32: "ge_s", f64: "ge" },
  "===": { kind: "compare", i32: "eq", f64: "eq" },
  "!==": { kind: "compare", i32: "ne", f64: "ne" },
  "|": { kind: "bits", i32: "or" },
  "&": { kind: "bits", i32: "and" },
  "^": { kind: "bits", i32: "xor" },
  "<<": { kind: "bits", i32: "shl" },
  ">>": { kind: "bits", i32: "shr_s" },
  ">>>": { kind: "bits", i32: "shr_u" },
};

const FOLD: Record<string, (a: number, b: number) => number> = { "+": (a, b) => a + b, "-": (a, b) => a - b, "*": (a, b) => a * b };

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}

export { isInt };
