// generated/ is committed and always fresh: compiling examples/ reproduces it byte for byte,
// and compiling twice gives identical bytes (no timestamps, no absolute paths).
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { compile } from "../../src/index.ts";
import { exampleSpecs } from "../support/examples.ts";

const GENERATED = fileURLToPath(new URL("../../generated/", import.meta.url));

// generated/<name>.ts is the JavaScript target's module, generated/wasm/<name>.ts the WebAssembly one's.
describe.each([
  { target: "js" as const, dir: GENERATED },
  { target: "wasm" as const, dir: path.join(GENERATED, "wasm") },
])("generated/ is fresh ($target)", async ({ target: backend, dir }) => {
  const specs = await exampleSpecs();
  const expectedFiles: string[] = [];

  it.each(specs)("%s", async (file, spec) => {
    const result = await compile(spec, { source: `examples/${file}`, target: backend });
    const target = path.join(dir, `${result.fileName}`);
    expectedFiles.push(result.fileName);
    expect(existsSync(target), `${target} is missing: run npm run generate`).toBe(true);
    expect(readFileSync(target, "utf8"), `${target} is stale: run npm run generate`).toBe(result.code);
    const again = await compile(spec, { source: `examples/${file}`, target: backend });
    expect(again.code).toBe(result.code);
    expect(result.code).not.toContain(process.cwd());
  });

  it("holds nothing else", () => {
    const present = readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();
    expect(present).toEqual([...expectedFiles].sort());
  });
});
