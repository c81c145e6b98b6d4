// The tokens of a TypeScript module, comments included, with template literals scanned as such:
// the `}` that closes a `${…}` substitution resumes the template instead of reading as a brace.
import { ts } from "ts-morph";

export interface Token {
  kind: ts.SyntaxKind;
  text: string;
}

export function tokens(code: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, code);
  const out: Token[] = [];
  // Brace depth at each open `${`, so the `}` closing a substitution resumes the template.
  const templates: number[] = [];
  let depth = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && templates.at(-1) === depth) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
    } else if (kind === ts.SyntaxKind.TemplateHead) templates.push(depth);
    else if (kind === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (kind === ts.SyntaxKind.CloseBraceToken) depth--;
    out.push({ kind, text: scanner.getTokenText() });
  }
  return out;
}
