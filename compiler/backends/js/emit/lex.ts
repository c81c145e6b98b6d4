// The tokens of an emitted module that name resolution needs (resolve-names.ts): identifiers and
// punctuation, with comments, strings, numbers, regular expressions and the text of template
// literals skipped (a `${…}` substitution is scanned as code). Not a parser: a single linear scan,
// fast enough to run on every build. Spec text only ever reaches the module inside comments and
// string literals (names.ts), so it can never produce a token, least of all a placeholder.
import { InternalError } from "../../../errors.ts";

export interface Token {
  kind: "identifier" | "punctuator";
  text: string;
  start: number;
  end: number;
}

/** Longest first: the scanner takes the longest punctuator that matches. */
const PUNCTUATORS = [
  ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
  "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**",
  "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
];

/** Punctuators by their first character, longest first. */
const BY_FIRST = new Map<string, string[]>();
for (const p of PUNCTUATORS) BY_FIRST.set(p[0]!, [...(BY_FIRST.get(p[0]!) ?? []), p]);

/** Keywords after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield", "await"]);

const isIdentifierStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === "$" || c >= "\u0080";
const isIdentifierPart = (c: string) => isIdentifierStart(c) || (c >= "0" && c <= "9");

export function lex(code: string): Token[] {
  const out: Token[] = [];
  // Brace depth at each open `${`: the `}` closing it resumes the template's text.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const n = code.length;
  /** A number, string, template or regular expression just ended: a `/` after it divides. */
  let afterLiteral = false;
  /** Skips template text from `i` (just after a backtick or a closing `}`); true at its end, false at a `${`. */
  const templateText = (): boolean => {
    while (i < n) {
      const c = code[i]!;
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        return true;
      } else if (c === "$" && code[i + 1] === "{") {
        templates.push(depth);
        i += 2;
        return false;
      } else i++;
    }
    throw new InternalError("lex: unterminated template literal");
  };
  /** Whether a `/` after `token` starts a regular expression (after a value it divides). */
  const regexAllowedAt = (token: Token) =>
    token.kind === "identifier" ? BEFORE_REGEX.has(token.text) : !(token.text === ")" || token.text === "]" || token.text === "}");
  const regexAllowed = () => {
    const last = out[out.length - 1];
    if (afterLiteral) return false;
    if (!last) return true;
    // `x[i]! / c`: a `!` right after a value is TypeScript's non-null assertion, and a division follows.
    if (last.text === "!" && out.length > 1 && !regexAllowedAt(out[out.length - 2]!)) return false;
    return regexAllowedAt(last);
  };
  while (i < n) {
    const c = code[i]!;
    if (c === " " || c === "\n" || c === "\t" || c === "\r") i++;
    else if (c === "/" && code[i + 1] === "/") {
      const end = code.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === "/" && code[i + 1] === "*") {
      const end = code.indexOf("*/", i + 2);
      if (end < 0) throw new InternalError("lex: unterminated comment");
      i = end + 2;
    } else if (c === '"' || c === "'") {
      for (i++; i < n && code[i] !== c; i++) if (code[i] === "\\") i++;
      if (i >= n) throw new InternalError("lex: unterminated string");
      i++;
      afterLiteral = true;
    } else if (c === "`") {
      i++;
      afterLiteral = templateText();
    } else if (c === "}" && templates[templates.length - 1] === depth) {
      templates.pop();
      i++;
      afterLiteral = templateText();
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(code[i + 1] ?? ""))) {
      for (i++; i < n && /[\w.]/.test(code[i]!); i++) if (/[eE]/.test(code[i]!) && /[-+]/.test(code[i + 1] ?? "")) i++;
      afterLiteral = true;
    } else if (isIdentifierStart(c)) {
      const start = i;
      for (i++; i < n && isIdentifierPart(code[i]!); i++);
      out.push({ kind: "identifier", text: code.slice(start, i), start, end: i });
      afterLiteral = false;
    } else if (c === "/" && regexAllowed()) {
      let inClass = false;
      for (i++; i < n && (code[i] !== "/" || inClass); i++) {
        if (code[i] === "\\") i++;
        else if (code[i] === "[") inClass = true;
        else if (code[i] === "]") inClass = false;
        else if (code[i] === "\n") throw new InternalError("lex: unterminated regular expression");
      }
      for (i++; i < n && isIdentifierPart(code[i]!); i++);
      afterLiteral = true;
    } else {
      const p = (BY_FIRST.get(c) ?? []).find((q) => code.startsWith(q, i));
      if (p === undefined) throw new InternalError(`lex: unexpected character ${JSON.stringify(c)}`);
      if (p === "{") depth++;
      else if (p === "}") depth--;
      out.push({ kind: "punctuator", text: p, start: i, end: i + p.length });
      i += p.length;
      afterLiteral = false;
    }
  }
  return out;
}
