// Formats emitted code with prettier: readable, stable output (same input → same bytes).
import { format } from "prettier";

export function formatModule(code: string): Promise<string> {
  return formatCode(code, "typescript");
}

/** `babel` for JavaScript, `typescript` for TypeScript and declarations. */
export function formatCode(code: string, parser: "babel" | "typescript"): Promise<string> {
  return format(code, { parser, printWidth: 100, trailingComma: "all", quoteProps: "as-needed" });
}
