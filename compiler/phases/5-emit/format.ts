// Formats emitted code with prettier: readable, stable output (same input → same bytes).
import { format } from "prettier";

export function formatModule(code: string): Promise<string> {
  return formatCode(code, "typescript");
}

/** `babel` for JavaScript, `typescript` for TypeScript and declarations. */
export function formatCode(code: string, parser: "babel" | "typescript"): Promise<string> {
  // A file path tells the parser whether there is JSX: without it prettier guesses with a regular
  // expression whose cost grows with the square of the module's length (most of a deep net's compile).
  const filepath = parser === "typescript" ? "model.ts" : "model.js";
  return format(code, { parser, filepath, printWidth: 100, trailingComma: "all", quoteProps: "as-needed" });
}
