// Formats code with prettier: readable, stable output (same input → same bytes). Loaded on first
// use: a build whose module the emitter wrote in its final form never loads prettier.

export function formatModule(code: string): Promise<string> {
  return formatCode(code, "typescript");
}

/** `babel` for JavaScript, `typescript` for TypeScript and declarations. */
export async function formatCode(code: string, parser: "babel" | "typescript"): Promise<string> {
  const { format } = await import("prettier");
  // A file path tells the parser whether there is JSX: without it prettier guesses with a regular
  // expression whose cost grows with the square of the module's length (most of a deep net's compile).
  const filepath = parser === "typescript" ? "model.ts" : "model.js";
  return format(code, { parser, filepath, printWidth: 100, trailingComma: "all", quoteProps: "as-needed" });
}
