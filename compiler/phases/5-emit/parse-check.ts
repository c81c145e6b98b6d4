// The last check on an emitted module: it must be valid TypeScript whose JavaScript V8 accepts,
// early errors included (a name declared twice in one scope is a SyntaxError only at load time).
// Compiled, never run. A failure is a compiler bug: an InternalError, so the CLI exits 70.
import { ts } from "ts-morph";
import { InternalError } from "../../errors.ts";

export function assertParses(code: string): void {
  const { outputText, diagnostics = [] } = ts.transpileModule(code, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
  });
  const first = diagnostics[0];
  if (first) fail(ts.flattenDiagnosticMessageText(first.messageText, "\n"), first.start === undefined ? undefined : code.slice(0, first.start).split("\n").length);
  try {
    // Compiles the module body as a function: parsed with every early error, never called.
    new Function(outputText);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

function fail(message: string, line?: number): never {
  throw new InternalError(`the emitted module does not parse${line === undefined ? "" : ` (line ${line})`}: ${message}`);
}
