// Gives every claimed name (a placeholder, see names.ts) an identifier that no code of the emitter
// uses where the name is visible, from the module's tokens (lex.ts), without parsing it. Reserved:
// every identifier of the module, except the locals (parameters, variables) of a module-level
// function or class method that mentions no claimed name (a helper, a kernel, `save()`): no claimed
// name can see those. The same rule as finalize.ts, which reads it off a syntax tree; a test holds
// the two to the same answer on modules that use every feature of the emitter.
import { InternalError } from "../../../errors.ts";
import { lex, type Token } from "./lex.ts";
import { NameTable, PLACEHOLDER } from "./names.ts";

/** The module with its placeholders replaced by the identifiers `names` assigns them. */
export function resolveNames(code: string, names: NameTable): string {
  const tokens = lex(code);
  return substitutePlaceholders(code, tokens, names.assign(reservedNames(tokens)));
}

/** `code` (whose tokens are `tokens`) with placeholder $k$ replaced by `assigned[k]`. */
export function substitutePlaceholders(code: string, tokens: readonly Token[], assigned: readonly string[]): string {
  const parts: string[] = [];
  let pos = 0;
  for (const t of tokens) {
    const placeholder = t.kind === "identifier" ? PLACEHOLDER.exec(t.text) : null;
    if (!placeholder) continue;
    const name = assigned[Number(placeholder[1])];
    if (name === undefined) throw new InternalError(`emitted code holds an unclaimed name ${t.text}`);
    parts.push(code.slice(pos, t.start), name);
    pos = t.end;
  }
  parts.push(code.slice(pos));
  return parts.join("");
}

/** What kind of code a `{` opens. */
type Brace = "block" | "literal" | "class";

/** Tokens after which `{` opens an object literal or a type literal, not a block. */
const BEFORE_LITERAL = new Set(["(", "[", ",", ":", "=", "?", "|", "&", "<", "...", "??", "||", "&&", "return", "readonly", "keyof", "typeof"]);
const MODIFIERS = new Set(["private", "public", "protected", "readonly", "static", "async", "get", "set", "override", "accessor", "declare", "abstract"]);
const DECLARATIONS = new Set(["const", "let", "var"]);

interface Scan {
  tokens: readonly Token[];
  /** Index of the matching bracket of each bracket token. */
  match: number[];
  /** Kind of each `{` token. */
  brace: (Brace | undefined)[];
  /** Index of the innermost bracket open around each token (-1 at module level). */
  inside: Int32Array;
  /** Index of the innermost `{` open around each token (-1 if none). */
  inBrace: Int32Array;
}

export function reservedNames(tokens: readonly Token[]): Set<string> {
  const scan = structure(tokens);
  const reserved = new Set<string>();
  const inUnit = new Uint8Array(tokens.length);
  for (const unit of units(scan)) {
    const { from, to } = unit;
    let private_ = true;
    for (let k = from; k <= to; k++) if (tokens[k]!.kind === "identifier" && PLACEHOLDER.test(tokens[k]!.text)) private_ = false;
    if (!private_) continue;
    const locals = unitLocals(scan, from, to);
    for (let k = from; k <= to; k++) {
      inUnit[k] = 1;
      const t = tokens[k]!;
      if (t.kind === "identifier" && (!locals.has(t.text) || isMemberName(scan, k))) reserved.add(t.text);
    }
  }
  tokens.forEach((t, k) => {
    if (!inUnit[k] && t.kind === "identifier" && !PLACEHOLDER.test(t.text)) reserved.add(t.text);
  });
  return reserved;
}

/** Matching brackets, and what each `{` opens. */
function structure(tokens: readonly Token[]): Scan {
  const match = new Array<number>(tokens.length).fill(-1);
  const brace = new Array<Brace | undefined>(tokens.length);
  const inside = new Int32Array(tokens.length);
  const inBrace = new Int32Array(tokens.length);
  const open: number[] = [];
  const braces: number[] = [];
  tokens.forEach((t, k) => {
    inside[k] = open.length > 0 ? open[open.length - 1]! : -1;
    inBrace[k] = braces.length > 0 ? braces[braces.length - 1]! : -1;
    if (t.kind !== "punctuator") return;
    if (t.text === "{" || t.text === "(" || t.text === "[") {
      if (t.text === "{") {
        brace[k] = braceKind(tokens, k);
        braces.push(k);
      }
      open.push(k);
    } else if (t.text === "}" || t.text === ")" || t.text === "]") {
      const at = open.pop();
      if (at === undefined) throw new InternalError(`unbalanced ${t.text} in the emitted module`);
      if (t.text === "}") braces.pop();
      match[at] = k;
      match[k] = at;
    }
  });
  if (open.length > 0) throw new InternalError("unbalanced brackets in the emitted module");
  return { tokens, match, brace, inside, inBrace };
}

function braceKind(tokens: readonly Token[], k: number): Brace {
  const prev = tokens[k - 1];
  if (prev === undefined) return "block";
  if (prev.kind === "identifier" && tokens[k - 2]?.text === "class") return "class";
  return BEFORE_LITERAL.has(prev.text) ? "literal" : "block";
}

/** Token ranges [from, to] of module-level functions and class methods, after their own name. */
function* units(scan: Scan): Generator<{ from: number; to: number }> {
  const { tokens, match, brace } = scan;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.text === "function" && t.kind === "identifier") {
      // Module level: not nested in any bracket (every nested one is skipped below).
      const name = k + 1;
      if (tokens[name]?.text === "(" || tokens[name + 1]?.text !== "(") continue;
      const end = functionEnd(scan, name + 1);
      yield { from: name + 1, to: end };
      k = end;
    } else if (t.text === "{" && brace[k] === "class") {
      yield* methods(scan, k);
      k = match[k]!;
    } else if (t.text === "{" || t.text === "(" || t.text === "[") k = match[k]!;
  }
}

/** The methods of the class body opened at `open`. */
function* methods(scan: Scan, open: number): Generator<{ from: number; to: number }> {
  const { tokens, match } = scan;
  const close = match[open]!;
  let k = open + 1;
  while (k < close) {
    while (k < close && tokens[k]!.kind === "identifier" && MODIFIERS.has(tokens[k]!.text) && tokens[k + 1]?.kind === "identifier") k++;
    const next = tokens[k + 1];
    if (tokens[k]!.kind === "identifier" && next?.text === "(") {
      const end = functionEnd(scan, k + 1);
      yield { from: k + 1, to: end };
      k = end + 1;
      continue;
    }
    // A field: up to its `;` (brackets skipped).
    while (k < close && tokens[k]!.text !== ";") k = isOpen(tokens[k]!) ? match[k]! + 1 : k + 1;
    k++;
  }
}

const isOpen = (t: Token) => t.kind === "punctuator" && (t.text === "{" || t.text === "(" || t.text === "[");

/** The `}` closing the body of the function whose parameter list opens at `paren`. */
function functionEnd(scan: Scan, paren: number): number {
  const { tokens, match, brace } = scan;
  let k = match[paren]! + 1;
  while (k < tokens.length) {
    const t = tokens[k]!;
    if (t.text === "{" && brace[k] === "block") return match[k]!;
    k = isOpen(t) ? match[k]! + 1 : k + 1;
  }
  throw new InternalError("a function without a body in the emitted module");
}

/** Parameters and variables declared anywhere in tokens [from, to]. */
function unitLocals(scan: Scan, from: number, to: number): Set<string> {
  const { tokens, match, brace } = scan;
  const locals = new Set<string>();
  const add = (k: number) => {
    const t = tokens[k];
    if (t?.kind === "identifier") locals.add(t.text);
  };
  for (let k = from; k <= to; k++) {
    const t = tokens[k]!;
    if (t.text === "(" && isParameterList(scan, k, from)) {
      for (let p = k + 1; p < match[k]!; p++) {
        const q = tokens[p]!;
        if (isOpen(q)) {
          p = match[p]!;
          continue;
        }
        const start = tokens[p - 1]!.text;
        if (q.kind === "identifier" && !MODIFIERS.has(q.text) && (start === "(" || start === "," || start === "..." || MODIFIERS.has(start))) {
          const after = tokens[p + 1]!.text;
          if (after === ":" || after === "?" || after === "," || after === ")" || after === "=") add(p);
        }
      }
    } else if (t.kind === "identifier" && DECLARATIONS.has(t.text)) {
      add(k + 1);
      // Further declarators: `, name` at the same level, up to the end of the declaration.
      for (let p = k + 2; p <= to; p++) {
        const q = tokens[p]!;
        if (isOpen(q)) p = match[p]!;
        else if (q.text === ";" || q.text === ")" || q.text === "}" || q.text === "]" || q.text === "of" || q.text === "in") break;
        else if (q.text === "," && [":", "=", ",", ";"].includes(tokens[p + 2]?.text ?? "")) add(p + 1);
      }
    } else if (t.text === "catch" && tokens[k + 1]?.text === "(") add(k + 2);
    else if (t.text === "[" && brace[scan.inBrace[k]!] === "literal" && tokens[k + 2]?.text === ":") add(k + 1);
  }
  return locals;
}

/** A `(` opening parameters: the unit's own, a function's, an arrow's or a function type's. */
function isParameterList(scan: Scan, k: number, unitStart: number): boolean {
  const { tokens, match } = scan;
  if (k === unitStart) return true;
  if (tokens[k - 1]?.text === "function" || tokens[k - 2]?.text === "function") return true;
  const after = match[k]! + 1;
  if (tokens[after]?.text === "=>") return true;
  if (tokens[after]?.text !== ":") return false;
  // `(…): Type =>`: an arrow with a return type.
  for (let p = after + 1; p < tokens.length; p++) {
    const q = tokens[p]!;
    if (q.text === "=>") return true;
    if (isOpen(q)) p = match[p]!;
    else if (q.text === ";" || q.text === "{" || q.text === "}" || q.text === ")" || q.text === "," || q.text === "=") return false;
  }
  return false;
}

/** A property name (`this.params`, `{ seed }`, `{ shape: … }`): a member, never a local. */
function isMemberName(scan: Scan, k: number): boolean {
  const { tokens, brace } = scan;
  const prev = tokens[k - 1]?.text;
  if (prev === "." || prev === "?.") return true;
  // Directly in an object or type literal, where a key starts it or follows a `,` or `;`.
  const open = scan.inside[k]!;
  if (open < 0 || brace[open] !== "literal") return false;
  if (prev !== "{" && prev !== "," && prev !== ";") return false;
  const next = tokens[k + 1]?.text;
  return next === ":" || next === "?" || next === "(" || next === "," || next === "}" || next === ";";
}
