// Formats emitted code with prettier: readable, stable output (same input → same bytes).
import { format } from "prettier";

export function formatModule(code: string): Promise<string> {
  return format(code, { parser: "typescript", printWidth: 100, trailingComma: "all", quoteProps: "as-needed" });
}
