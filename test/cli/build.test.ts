// `tapeless build` beyond the basics (cli.test.ts): --check for CI, the content-hash cache, globs,
// --quiet, colors, warnings, portable headers, and spec names that try to escape into the code.
// Everything runs through the built binary in a temporary project.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { transform } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject, XOR_JSON } from "./fixtures.ts";
import { buildCli, expectUserError, tapeless } from "./run.ts";

let project: TempProject;
const read = (name: string) => readFileSync(join(project.dir, name), "utf8");
const write = (name: string, text: string) => {
  mkdirSync(join(project.dir, name, ".."), { recursive: true });
  writeFileSync(join(project.dir, name), text);
};
const run = (...args: string[]) => tapeless(project.dir, args);

const graphSpec = (
  name: string,
  extra = "",
) => `{ "name": "${name}", "maxBatch": 2, "inputs": { "x": [3] }, "targets": { "y": [1] },
  "nodes": { "h": { "type": "dense", "input": "x", "units": 2 }${extra}, "out": { "type": "dense", "input": "h", "units": 1 } },
  "output": "out", "loss": { "type": "mse" } }`;

beforeAll(() => {
  buildCli();
  project = tempProject();
  write("models/a.net.json", graphSpec("a"));
  write("models/b.net.json", graphSpec("b", `, "unused": { "type": "tanh", "input": "x" }`));
  write("models/notes.txt", "not a spec");
});
afterAll(() => project?.remove());

describe("tapeless build --check", () => {
  it("exits 1 listing missing files and writes nothing", async () => {
    const r = await run("build", "xor.json", "--out", "gen", "--check");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^✗ 1 generated file is out of date:\n {2}missing gen\/xor\.ts {2}\(from xor\.json\)\nrun: tapeless build xor\.json --out gen\n$/,
    );
    expect(readdirSync(project.dir)).not.toContain("gen");
  });

  it("exits 0 when the output is fresh, 1 when a file was edited", async () => {
    expect((await run("build", "xor.json", "--out", "gen")).code).toBe(0);
    const fresh = await run("build", "xor.json", "--out", "gen", "--check");
    expect(fresh).toEqual({
      code: 0,
      stdout: "✓ 1 generated file is up to date in gen\n",
      stderr: "",
    });
    writeFileSync(join(project.dir, "gen/xor.ts"), `${read("gen/xor.ts")}// edited\n`);
    const stale = await run("build", "xor.json", "--out", "gen", "--check");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("  stale   gen/xor.ts  (from xor.json)");
    expect(await run("build", "xor.json", "--out", "gen", "--check", "--watch")).toMatchObject({
      code: 2,
    });
  });
});

describe("the build cache", () => {
  it("skips compiling an unchanged spec, keeps an identical output untouched, restores a missing one", async () => {
    rmSync(join(project.dir, "gen"), { recursive: true, force: true });
    const first = await run("build", "xor.net.ts", "--out", "gen");
    expect(first.stdout).not.toContain("(cached)");
    const code = read("gen/xor.ts");
    const mtime = statSync(join(project.dir, "gen/xor.ts")).mtimeMs;

    const second = await run("build", "xor.net.ts", "--out", "gen");
    expect(second.stdout).toMatch(
      /^✓ xor {2}33 params {2}arena \d+\.\d KiB {2}\d+ ms \(cached\) {2}→ gen\/xor\.ts\n$/,
    );
    expect(statSync(join(project.dir, "gen/xor.ts")).mtimeMs).toBe(mtime);

    rmSync(join(project.dir, "gen/xor.ts"));
    expect((await run("build", "xor.net.ts", "--out", "gen")).stdout).toContain("(cached)");
    expect(read("gen/xor.ts")).toBe(code);

    // Without node_modules the cache is .tapeless-cache/, which ignores itself for git.
    expect(read(".tapeless-cache/.gitignore")).toMatch(/^\*$/m);
    expect((await run("build", "xor.net.ts", "--out", "gen", "--no-cache")).stdout).not.toContain(
      "(cached)",
    );
  });

  it("recompiles when a file the spec imports changes, or when a cache entry was tampered with", async () => {
    const original = read("lib/layers.ts");
    write("lib/layers.ts", original.replace("units, activation", "units: units * 2, activation"));
    const changed = await run("build", "xor.net.ts", "--out", "gen");
    expect(changed.stdout).toMatch(/^✓ xor {2}65 params .* \d+ ms {2}→/);
    write("lib/layers.ts", original);

    const entries = readdirSync(join(project.dir, ".tapeless-cache")).filter((f) =>
      f.endsWith(".json"),
    );
    for (const e of entries) {
      const file = join(project.dir, ".tapeless-cache", e);
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace("export class Model", "export class Evil"),
      );
    }
    const rebuilt = await run("build", "xor.net.ts", "--out", "gen");
    expect(rebuilt.stdout).not.toContain("(cached)");
    expect(read("gen/xor.ts")).toContain("export class Model");
  });
});

describe("tapeless build --emit js | cjs", () => {
  it("writes the module and its declarations; --check and the cache cover both files", async () => {
    const built = await run("build", "xor.json", "--out", "gen-js", "--emit", "js");
    expect(built.stdout).toMatch(/^✓ xor {2}33 params .* {2}→ gen-js\/xor\.js\n$/);
    expect(readdirSync(join(project.dir, "gen-js")).sort()).toEqual(["xor.d.ts", "xor.js"]);
    expect(read("gen-js/xor.d.ts")).toContain("export declare class Model");
    const check = ["build", "xor.json", "--out", "gen-js", "--emit", "js", "--check"];
    expect((await run(...check)).stdout).toBe("✓ 2 generated files are up to date in gen-js\n");

    rmSync(join(project.dir, "gen-js/xor.d.ts"));
    const stale = await run(...check);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("  missing gen-js/xor.d.ts  (from xor.json)\nrun: tapeless build xor.json --out gen-js --emit js\n");
    expect((await run("build", "xor.json", "--out", "gen-js", "--emit", "js")).stdout).toContain("(cached)");
    expect(read("gen-js/xor.d.ts")).toContain("export declare class Model");

    // Another kind is another cache key: never the JavaScript of a cached ES module as CommonJS.
    const cjs = await run("build", "xor.json", "--out", "gen-js", "--emit", "cjs");
    expect(cjs.stdout).not.toContain("(cached)");
    expect(read("gen-js/xor.cjs")).toContain("module.exports");
    expect(read("gen-js/xor.d.cts")).toBe(read("gen-js/xor.d.ts"));
    expectUserError(await run("build", "xor.json", "--out", "gen-js", "--emit", "mjs"), /argument 'mjs' is invalid/);
  });
});

describe("spec arguments, output and messages", () => {
  it("expands quoted globs in sorted order; a glob matching nothing is a user error", async () => {
    const r = await run("build", "models/*.net.json", "--out", "gen-glob");
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[1]),
    ).toEqual(["a", "b"]);
    expect(readdirSync(join(project.dir, "gen-glob")).sort()).toEqual(["a.ts", "b.ts"]);
    // b has a node nothing reads: a warning on stderr, not an error
    expect(r.stderr).toMatch(
      /^warning models\/b\.net\.json: nodes\.unused: not used by the output "out"/m,
    );
    expectUserError(
      await run("build", "nothing/**/*.json", "--out", "gen-glob"),
      /no files match nothing\/\*\*\/\*\.json/,
    );
  });

  it("--quiet prints nothing on success (no lines, no warnings); errors still show", async () => {
    expect(await run("--quiet", "build", "models/b.net.json", "--out", "gen-glob")).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    expect(await run("build", "models/b.net.json", "--out", "gen-glob", "-q")).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
    expectUserError(
      await run("build", "missing.json", "--out", "x", "--quiet"),
      /cannot read missing\.json/,
    );
  });

  it("uses colors only when asked: never on a pipe, FORCE_COLOR forces, NO_COLOR and --no-color win", async () => {
    const args = ["build", "models/a.net.json", "--out", "gen-glob"];
    expect((await tapeless(project.dir, args)).stdout).not.toContain("\x1b[");
    expect((await tapeless(project.dir, args, { FORCE_COLOR: "1" })).stdout).toContain("\x1b[32m✓");
    expect(
      (await tapeless(project.dir, args, { FORCE_COLOR: "1", NO_COLOR: "1" })).stdout,
    ).not.toContain("\x1b[");
    expect(
      (await tapeless(project.dir, [...args, "--no-color"], { FORCE_COLOR: "1" })).stdout,
    ).not.toContain("\x1b[");
  });

  it("names the spec relative to the working folder in the header, never by absolute path", async () => {
    write("elsewhere/spec.json", XOR_JSON);
    mkdirSync(join(project.dir, "app"), { recursive: true });
    const r = await tapeless(join(project.dir, "app"), [
      "build",
      "../elsewhere/spec.json",
      "--out",
      "gen",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const code = read("app/gen/xor.ts");
    expect(code.split("\n", 2)).toEqual([
      "// Generated by tapeless 0.1.0 from ../elsewhere/spec.json",
      "// Do not edit: change the spec and rebuild. Imports nothing; allocates only in the constructor.",
    ]);
    expect(code).not.toContain(project.dir);
  });
});

/** Every identifier in a TypeScript source's syntax tree (comments and strings hold none). */
function identifiers(code: string): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) out.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("module.ts", code, ts.ScriptTarget.Latest, true));
  return out;
}

// A model and layer named to break out of comments, strings and identifiers.
const EVIL = `"); process.exit(1); //`;
const EVIL_LAYER = `*/ process.exit(2); /*\n\u2028 x`;
const EVIL_SPEC = JSON.stringify({
  name: EVIL,
  maxBatch: 2,
  inputs: { [`in"put\\`]: [2] },
  targets: { "y'; process.exit(3)": [1] },
  layers: [
    { type: "dense", name: EVIL_LAYER, units: 3, activation: "tanh" },
    { type: "dense", units: 1 },
  ],
  loss: { type: "mse" },
});

describe("names from the spec never reach the code unescaped", () => {
  it("builds a valid module with sanitized identifiers and escaped comments and strings", async () => {
    write("evil.json", EVIL_SPEC);
    const r = await run("build", "evil.json", "--out", "gen-evil");
    expect(r.code, r.stderr).toBe(0);
    const [file] = readdirSync(join(project.dir, "gen-evil"));
    expect(file).toBe("process.exit_1_.ts"); // no quotes, slashes or spaces in the file name
    const code = read(`gen-evil/${file}`);
    // The injected text is only ever inside comments and string literals: as code tokens the
    // module has no `process` identifier at all, and it runs in a context without `process`.
    expect(identifiers(code)).not.toContain("process");
    expect(code).toContain("process.exit"); // (it is there, as text)
    const js = (await transform(code, { loader: "ts", format: "cjs" })).code;
    const sandbox = { module: { exports: {} as Record<string, unknown> }, exports: {} };
    sandbox.exports = sandbox.module.exports;
    runInNewContext(
      `${js}\nmodule.exports.loss = new module.exports.Model().trainStep(new Float32Array(4), new Float32Array(2), 2);`,
      sandbox,
    );
    const exported = sandbox.module.exports as {
      layout: { name: string; inputs: { name: string }[]; params: { name: string }[] };
      loss: number;
    };
    expect(Number.isFinite(exported.loss)).toBe(true);
    expect(exported.layout.name).toBe(EVIL);
    expect(exported.layout.inputs[0]!.name).toBe(`in"put\\`);
    expect(exported.layout.params[0]!.name).toBe(`${EVIL_LAYER}.kernel`);
  });
});
