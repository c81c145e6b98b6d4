// Turns spec and IR names into safe, unique JavaScript identifiers, and spec text into safe
// comments and string literals. No name from a spec reaches the output any other way. A claimed
// name is a placeholder (`$7$`) until the module is written; resolve-names.ts then gives each one
// an identifier the emitter's own code does not use, so the two can never collide.
/** A claimed name before it is resolved: never produced by the emitter otherwise. */
export const PLACEHOLDER = /^\$(\d+)\$$/;

/**
 * TypeScript's keywords: every token from `ts.SyntaxKind.FirstKeyword` to `LastKeyword` (reserved
 * words, strict-mode reserved words, contextual keywords), written out so a build does not load
 * the TypeScript compiler; names.test.ts compares it with TypeScript's own list.
 */
export const TS_KEYWORDS: readonly string[] = [
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
  "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
  "while", "with", "implements", "interface", "let", "package", "private", "protected", "public",
  "static", "yield", "abstract", "accessor", "as", "asserts", "assert", "any", "async", "await",
  "boolean", "constructor", "declare", "get", "infer", "intrinsic", "is", "keyof", "module",
  "namespace", "never", "out", "readonly", "require", "number", "object", "satisfies", "set", "string",
  "symbol", "type", "undefined", "unique", "unknown", "using", "from", "global", "bigint", "override",
  "of", "defer",
];

/**
 * Names no claim may take whatever the module holds: the language's keywords (TypeScript's own
 * list), the binding names strict mode forbids, and the members every object inherits (a field
 * named `toString` would break `String(model)`).
 */
export const LANGUAGE_RESERVED: ReadonlySet<string> = new Set([
  ...TS_KEYWORDS,
  "eval",
  "arguments",
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Hands out placeholders, then identifiers: sanitized from the hint, never reserved, never reused. */
export class NameTable {
  private readonly hints: string[] = [];

  /** A placeholder for an identifier made from `hint`; `assign` resolves it. */
  claim(hint: string): string {
    this.hints.push(hint);
    return `$${this.hints.length - 1}$`;
  }

  /** The identifier of every claim, in claim order: none in `reserved`, no two alike. */
  assign(reserved: ReadonlySet<string>): string[] {
    const used = new Set<string>();
    return this.hints.map((hint) => {
      let base = hint.replace(/[^A-Za-z0-9_$]+/g, "_").replace(/^_+|_+$/g, "");
      if (base === "") base = "unnamed";
      else if (/^[0-9]/.test(base)) base = `t${base}`;
      let name = base;
      for (let k = 2; reserved.has(name) || LANGUAGE_RESERVED.has(name) || used.has(name); k++) name = `${base}_${k}`;
      used.add(name);
      return name;
    });
  }
}

/** Text safe inside a `//` comment: no line terminators. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ");
}

/** A string literal for any text (JSON escaping is valid JavaScript). */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
