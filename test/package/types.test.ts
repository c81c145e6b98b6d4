// What a TypeScript user of the published package sees: the declarations `npm pack` builds
// (tsconfig.types.json → dist/types), resolved through package.json's "exports", type-checked in a
// consumer project with options stricter than ours (noUncheckedIndexedAccess,
// exactOptionalPropertyTypes, ...), no Node types and no DOM, and skipLibCheck off. Shipping our
// .ts sources as types instead made such a project check our sources with its own options (355
// errors) and need @types/node.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

// Inside the repository's node_modules, so that "esbuild" and "vite" resolve as they would for a
// user who installed them; "tapeless" resolves to the copy made here, the closest one.
const CACHE = join(ROOT, "node_modules", ".cache");
let project: string;

const CONSUMER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  allowImportingTsExtensions: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts"],
  types: [],
};

/** Formatted diagnostics of a program over `files` in the consumer project. */
function diagnostics(files: string[], options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(
    files.map((f) => join(project, f)),
    options,
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.slice(project.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : "(global)";
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

function write(file: string, text: string): void {
  mkdirSync(dirname(join(project, file)), { recursive: true });
  writeFileSync(join(project, file), text);
}

beforeAll(() => {
  mkdirSync(CACHE, { recursive: true });
  project = mkdtempSync(join(CACHE, "tapeless-consumer-"));
  const pkg = join(project, "node_modules", "tapeless");
  // Fresh declarations from the current sources (what `npm pack` ships).
  execFileSync(process.execPath, [TSC, "-p", "tsconfig.types.json", "--outDir", join(pkg, "dist", "types")], {
    cwd: ROOT,
    stdio: "pipe",
  });
  copyFileSync(join(ROOT, "package.json"), join(pkg, "package.json"));
  mkdirSync(join(pkg, "src", "plugins"), { recursive: true });
  copyFileSync(join(ROOT, "src/plugins/client.d.ts"), join(pkg, "src/plugins/client.d.ts"));
  copyFileSync(join(ROOT, "generated/xor.ts"), join(project, "xor.ts"));
  write("package.json", JSON.stringify({ name: "consumer", type: "module", private: true }));
  write(
    "models/net.ts",
    `import { adam, dense, sequential, softmaxCrossEntropy, type SequentialSpec } from "tapeless";
export const spec: SequentialSpec = sequential({
  name: "net",
  inputs: { x: [4] },
  targets: { y: [3] },
  layers: [dense(8, { activation: "relu" }), dense(3)],
  loss: softmaxCrossEntropy(),
  optimizer: adam(0.01),
});
`,
  );
}, 180_000); // (tsc over the whole package: over a minute when the machine is shared)

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("published types, in a strict consumer project without Node or DOM types", () => {
  it("tapeless, tapeless/data, ?tapeless imports and a generated module type-check", () => {
    write(
      "main.ts",
      `/// <reference types="tapeless/client" />
import { compile, loadModel, validateSpec, SpecError, type CompileResult, type ModelInstance } from "tapeless";
import { Batches, argmax, countCorrect, oneHot, seededRandom, shuffleInPlace } from "tapeless/data";
import { Model as Plugged, layout as pluggedLayout } from "./models/net.ts?tapeless";
import { Model, layout } from "./xor.ts";
import { spec } from "./models/net.ts";

export async function run(): Promise<number> {
  const result: CompileResult = await compile(spec, { dtype: "f64" });
  const code: string = result.code;
  const live: ModelInstance = await loadModel(spec);
  validateSpec(spec);
  const model = new Model({ seed: 1 });
  const x = new Float32Array(layout.inputs[0]!.shape[0]! * 4);
  const y = new Float32Array(4);
  const loss: number = model.trainStep(x, y, 4);
  const plugged = new Plugged({ seed: 2 });
  const random = seededRandom(1);
  const order = [0, 1, 2];
  shuffleInPlace(order, random);
  const hot = oneHot([0, 2], 3, Float32Array);
  return loss + code.length + live.params.length + plugged.params.length + pluggedLayout.paramCount +
    argmax(hot, 0, 3) + countCorrect(hot, hot, 2, 3) + (Batches.name.length > 0 ? 1 : 0) +
    (new SpecError("a", "b").path.length);
}
`,
    );
    expect(diagnostics(["main.ts"], CONSUMER_OPTIONS)).toEqual([]);
  });

  it("misuse is still caught: the types are real, not any", () => {
    write(
      "wrong.ts",
      `import { dense } from "tapeless";
import { Model } from "./xor.ts";
dense("eight");
new Model().trainStep(new Float64Array(8), new Float32Array(4), 4);
`,
    );
    const errors = diagnostics(["wrong.ts"], CONSUMER_OPTIONS);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^wrong\.ts:3: .*'string' is not assignable to .*'number'/);
    expect(errors[1]).toMatch(/^wrong\.ts:4: .*Float64Array.* is not assignable to .*Float32Array/s);
  });

  it("tapeless/esbuild and tapeless/vite type-check next to the bundlers' own types", () => {
    write(
      "plugins.ts",
      `import { tapeless as esbuildPlugin } from "tapeless/esbuild";
import { tapeless as vitePlugin } from "tapeless/vite";
import type { Plugin as EsbuildPlugin } from "esbuild";
import type { Plugin as VitePlugin } from "vite";
export const plugins: [EsbuildPlugin, VitePlugin] = [esbuildPlugin({ maxBatch: 8 }), vitePlugin({ dtype: "f64" })];
`,
    );
    // Bundler types need Node's and the DOM's (as in any project that uses them); ours add none.
    const options = { ...CONSUMER_OPTIONS, types: ["node"], lib: ["lib.es2022.d.ts", "lib.dom.d.ts"] };
    expect(diagnostics(["plugins.ts"], options)).toEqual([]);
  });
});
