// Output kinds of a generated module: the TypeScript itself, or JavaScript (an ES module or
// CommonJS) beside an exact declaration file, for projects that run plain Node. The JavaScript is
// the TypeScript with its types stripped by esbuild, the same transform that tsx, Vite and
// loadModel apply to the TypeScript output (so the same behaviour and speed); the declarations
// come from the same source through TypeScript's isolated-declarations emitter (no type checker).
import { InternalError } from "../../../errors.ts";
import { formatCode } from "./format.ts";

export const EMIT_KINDS = ["ts", "js", "cjs"] as const;
export type EmitKind = (typeof EMIT_KINDS)[number];

export interface OutputFile {
  fileName: string;
  code: string;
}

/** What each kind writes for a module called `base`: the runnable file first. */
export function outputFileNames(base: string, kind: EmitKind): string[] {
  switch (kind) {
    case "ts":
      return [`${base}.ts`];
    case "js":
      return [`${base}.js`, `${base}.d.ts`];
    case "cjs":
      return [`${base}.cjs`, `${base}.d.cts`];
  }
}

/** The files of `kind` for the generated TypeScript `code` (deterministic: same code, same bytes). */
export async function emitTarget(code: string, base: string, kind: EmitKind): Promise<OutputFile[]> {
  const names = outputFileNames(base, kind);
  if (kind === "ts") return [{ fileName: names[0]!, code }];
  const js = await transpile(code, kind);
  const { ts } = await import("ts-morph"); // loaded only when declarations are asked for
  const declarations = ts.transpileDeclaration(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022 },
    fileName: "model.ts",
    reportDiagnostics: true,
  });
  if (declarations.diagnostics?.length) {
    const text = declarations.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    throw new InternalError(`no isolated declarations for the generated module: ${text.join("; ")}`);
  }
  const header = headerComment(code);
  return [
    // esbuild keeps no comments: the header is restated; the doc comments are in the declarations.
    { fileName: names[0]!, code: header + js },
    { fileName: names[1]!, code: await formatCode(header + declarations.outputText, "typescript") },
  ];
}

async function transpile(code: string, kind: "js" | "cjs"): Promise<string> {
  const { transform } = await import("esbuild"); // loaded only when JavaScript is asked for
  const out = await transform(code, {
    loader: "ts",
    format: kind === "js" ? "esm" : "cjs",
    target: "es2022",
    platform: "node", // for cjs: the `0 && (module.exports = …)` hint Node reads named exports from
  });
  return out.code;
}

/** The module's leading `//` lines (what it is, where it came from), repeated in the declarations. */
function headerComment(code: string): string {
  const lines: string[] = [];
  for (const line of code.split("\n")) {
    if (!line.startsWith("//")) break;
    lines.push(line);
  }
  return lines.length ? `${lines.join("\n")}\n\n` : "";
}
