// Type-checks a generated module on its own: strict, ES2022 library only (no DOM, no Node types),
// exactly what a user's project sees when it imports the file. Returns formatted diagnostics.
import { Project, ts } from "ts-morph";

let project: Project | undefined;

/**
 * The strictest project a user is likely to import a generated module into, without DOM or Node
 * types: strict plus the opt-in index, optional-property and override checks.
 */
export const MODULE_COMPILER_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noPropertyAccessFromIndexSignature: true,
  noFallthroughCasesInSwitch: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  lib: ["lib.es2022.d.ts"],
  types: [],
  noEmit: true,
};

function checker(): Project {
  project ??= new Project({ useInMemoryFileSystem: true, compilerOptions: MODULE_COMPILER_OPTIONS });
  return project;
}

/** `line:col message` for every diagnostic of `code`; [] when it type-checks cleanly. */
export function typecheckModule(code: string, fileName = "model.ts"): string[] {
  const p = checker();
  const file = p.createSourceFile(fileName, code, { overwrite: true });
  try {
    return p.getPreEmitDiagnostics().map((d) => {
      const start = d.getStart();
      const origin = d.getSourceFile();
      const where =
        origin && start !== undefined ? formatPos(origin.getLineAndColumnAtPos(start)) : "";
      const text = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n");
      const prefix = origin && origin !== file ? `${origin.getBaseName()}:` : "";
      return `${prefix}${where}${where ? " " : ""}${text} (TS${d.getCode()})`;
    });
  } finally {
    p.removeSourceFile(file);
  }
}

function formatPos({ line, column }: { line: number; column: number }): string {
  return `${line}:${column}`;
}
