// Formats emitted code with prettier: readable, stable output (same input → same bytes).
import { format } from "prettier";

export function formatModule(code: string): Promise<string> {
  // A .ts file path tells the parser there is no JSX: without it prettier guesses with a regular
  // expression whose cost grows with the square of the module's length (most of a deep net's compile).
  return format(code, { parser: "typescript", filepath: "model.ts", printWidth: 100, trailingComma: "all", quoteProps: "as-needed" });
}
