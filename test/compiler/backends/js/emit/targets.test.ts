// Every output kind of a generated module runs the same: each example is emitted as TypeScript, as
// an ES module and as CommonJS; the JavaScript runs in plain Node (its own process) and must train
// bit for bit like the TypeScript; the declarations type the JavaScript exactly (a consumer
// type-checks, misuse is caught); output is deterministic.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitTarget, type EmitKind } from "../../../../../compiler/backends/js/emit/targets.ts";
import { compile } from "../../../../../src/index.ts";
import { importGenerated } from "../../../../../src/load-model.ts";
import { exampleSpecs } from "../../../../support/examples.ts";
// @ts-expect-error a plain .mjs helper (it also runs in its own Node process), no declarations
import { probe } from "../../../../support/train-probe.mjs";

const PROBE = fileURLToPath(new URL("../../../../support/train-probe.mjs", import.meta.url));
const JS_KINDS = ["js", "cjs"] as const satisfies readonly EmitKind[];

let dir: string;
const examples: { file: string; name: string; code: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tapeless-targets-"));
  // An ES module project, as `<name>.js` needs (a .cjs file is CommonJS anywhere).
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  for (const [file, spec] of await exampleSpecs()) {
    const { name, code } = await compile(spec);
    examples.push({ file, name, code });
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeKind(code: string, base: string, kind: EmitKind): Promise<string[]> {
  const folder = join(dir, kind);
  mkdirSync(folder, { recursive: true });
  const files = await emitTarget(code, base, kind);
  for (const f of files) writeFileSync(join(folder, f.fileName), f.code);
  return files.map((f) => join(folder, f.fileName));
}

describe("emit kinds", () => {
  it("name the files each kind writes", async () => {
    const { code } = examples[0]!;
    const names = async (kind: EmitKind) => (await emitTarget(code, "m", kind)).map((f) => f.fileName);
    expect(await names("ts")).toEqual(["m.ts"]);
    expect(await names("js")).toEqual(["m.js", "m.d.ts"]);
    expect(await names("cjs")).toEqual(["m.cjs", "m.d.cts"]);
  });

  it("compile({ emit }) gives the same files as emitting its TypeScript; a bad kind is a user error", async () => {
    const [, spec] = (await exampleSpecs()).find(([f]) => f === "xor.net.ts")!;
    const result = await compile(spec, { emit: "cjs" });
    expect(result.files).toEqual(await emitTarget(result.code, "xor", "cjs"));
    expect((await compile(spec)).files).toEqual([{ fileName: "xor.ts", code: result.code }]);
    await expect(compile(spec, { emit: "mjs" as EmitKind })).rejects.toThrow(
      /^emit: expected one of ts, js, cjs, got "mjs"$/,
    );
  });

  it("are deterministic, and restate the module's header", async () => {
    for (const { name, code } of examples) {
      for (const kind of JS_KINDS) {
        const [first, second] = [await emitTarget(code, name, kind), await emitTarget(code, name, kind)];
        expect(second).toEqual(first);
        const header = code.split("\n").slice(0, 3).join("\n");
        for (const f of first) expect(f.code.startsWith(`${header}\n`)).toBe(true);
      }
    }
  });

  it("js is, after the header, the very code tsx, Vite and loadModel run for the TypeScript", async () => {
    for (const { name, code } of examples) {
      const [js] = await emitTarget(code, name, "js");
      const stripped = (await transform(code, { loader: "ts", format: "esm", target: "es2022" })).code;
      expect(js!.code.endsWith(`\n\n${stripped}`), name).toBe(true);
    }
  });

  it.each(JS_KINDS)("%s: runs in plain Node and trains bit for bit like the TypeScript", async (kind) => {
    for (const { file, name, code } of examples) {
      const expected = probe(await importGenerated(code, `${name}.ts`));
      const [module] = await writeKind(code, name, kind);
      const stdout = execFileSync(process.execPath, [PROBE, module!, kind], { encoding: "utf8" });
      expect(JSON.parse(stdout), file).toEqual(expected);
    }
  });

  it("declarations type the JavaScript exactly, in ESM and CommonJS consumers", async () => {
    const { code, name } = examples.find((e) => e.name === "xor")!;
    for (const kind of JS_KINDS) await writeKind(code, name, kind);
    const use = (from: string) => `import { Model, layout } from "${from}";
const model = new Model({ seed: 1 });
export const loss: number = model.trainStep(new Float32Array(8), new Float32Array(4), 4);
export const units: 8 = layout.params[0].shape[1];
export const wrong = model.trainStep(new Float64Array(8), new Float32Array(4));
`;
    writeFileSync(join(dir, "esm.ts"), use("./js/xor.js"));
    writeFileSync(join(dir, "common.cts"), use("./cjs/xor.cjs"));
    const program = ts.createProgram([join(dir, "esm.ts"), join(dir, "common.cts")], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2022.d.ts"],
      types: [],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file!.getLineAndCharacterOfPosition(d.start!).line + 1;
      return `${d.file!.fileName.slice(dir.length + 1)}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    // Only the deliberate misuse: a Float64Array where the f32 model wants a Float32Array.
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^common\.cts:5: .*Float64Array.* is not assignable to .*Float32Array/);
    expect(errors[1]).toMatch(/^esm\.ts:5: .*Float64Array.* is not assignable to .*Float32Array/);
  });
});
