// `tapeless init` as a new user runs it: a starter spec and npm scripts, then `npm run
// build:models` and `npm run check:models` work at once (tapeless linked into node_modules/.bin).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "./fixtures.ts";
import { buildCli, CLI, ROOT, tapeless } from "./run.ts";

let project: TempProject;
const at = (...parts: string[]) => join(project.dir, ...parts);
const json = (file: string) =>
  JSON.parse(readFileSync(file, "utf8")) as { scripts: Record<string, string> };

/** `npm run <script>` in `dir`, with tapeless installed there as a user would have it. */
function npmRun(
  dir: string,
  script: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env = { ...process.env, npm_config_update_notifier: "false", NO_COLOR: "1" };
    execFile("npm", ["run", "--silent", script], { cwd: dir, env }, (error, stdout, stderr) => {
      done({
        code: error ? (typeof error.code === "number" ? error.code : -1) : 0,
        stdout,
        stderr,
      });
    });
  });
}

function installTapeless(dir: string): void {
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  symlinkSync(ROOT, join(dir, "node_modules", "tapeless"), "dir");
  symlinkSync(CLI, join(dir, "node_modules", ".bin", "tapeless"));
}

beforeAll(() => {
  buildCli();
  project = tempProject({});
});
afterAll(() => project?.remove());

describe("tapeless init", () => {
  it("creates a spec and a package.json whose scripts build and check it", async () => {
    const r = await tapeless(project.dir, ["init", "app"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✓ wrote app\/models\/model\.net\.ts$/m);
    expect(r.stdout).toMatch(
      /^✓ added "build:models", "check:models" to the scripts in app\/package\.json$/m,
    );
    expect(r.stdout).toContain("npm run build:models");
    const pkg = json(at("app", "package.json"));
    expect(pkg).toMatchObject({ name: "app", private: true, type: "module" });
    expect(pkg.scripts["build:models"]).toBe('tapeless build "models/*.net.ts" --out generated');

    installTapeless(at("app"));
    const build = await npmRun(at("app"), "build:models");
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/^✓ model {2}65 params .*→ generated\/model\.ts$/m);
    const check = await npmRun(at("app"), "check:models");
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("✓ 1 generated file is up to date in generated");
  });

  it("in a CommonJS package (npm init -y) sets up scripts whose output require() loads in plain Node", async () => {
    mkdirSync(at("cjsapp"));
    writeFileSync(
      at("cjsapp", "package.json"),
      JSON.stringify({ name: "cjsapp", version: "1.0.0", main: "index.js", license: "ISC" }, null, 2),
    );
    const r = await tapeless(at("cjsapp"), ["init"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^• package\.json makes a CommonJS package .*--emit cjs/m);
    expect(r.stdout).toContain('const { Model } = require("./generated/model.cjs");');
    expect(json(at("cjsapp", "package.json")).scripts).toEqual({
      "build:models": 'tapeless build "models/*.net.ts" --out generated --emit cjs',
      "check:models": 'tapeless build "models/*.net.ts" --out generated --emit cjs --check',
    });
    installTapeless(at("cjsapp"));
    const build = await npmRun(at("cjsapp"), "build:models");
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/→ generated\/model\.cjs$/m);
    expect(existsSync(at("cjsapp", "generated", "model.d.cts"))).toBe(true);
    expect((await npmRun(at("cjsapp"), "check:models")).code).toBe(0);
    writeFileSync(
      at("cjsapp", "index.js"),
      `const { Model } = require("./generated/model.cjs");
console.log(new Model().trainStep(new Float32Array(64), new Float32Array(32)) > 0);
`,
    );
    const ran = await new Promise<string>((done, fail) =>
      execFile(process.execPath, ["index.js"], { cwd: at("cjsapp") }, (e, out) => (e ? fail(e) : done(out))),
    );
    expect(ran).toBe("true\n");
  });

  it("never clobbers: keeps an existing spec and existing scripts, and the file's indentation", async () => {
    mkdirSync(at("mine"));
    writeFileSync(
      at("mine", "package.json"),
      '{\n    "name": "mine",\n    "scripts": {\n        "build:models": "make models"\n    }\n}\n',
    );
    const first = await tapeless(at("mine"), ["init"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/kept the existing script "build:models" in package\.json/);
    const text = readFileSync(at("mine", "package.json"), "utf8");
    expect(text).toMatch(/^ {8}"build:models": "make models",$/m);
    expect(json(at("mine", "package.json")).scripts["check:models"]).toContain("--check");

    writeFileSync(at("mine", "models", "model.net.ts"), "// my own spec\n");
    const again = await tapeless(at("mine"), ["init"]);
    expect(again.stdout).toMatch(
      /^• kept models\/model\.net\.ts \(it exists; --force overwrites it\)$/m,
    );
    expect(readFileSync(at("mine", "models", "model.net.ts"), "utf8")).toBe("// my own spec\n");
  });

  it.each([
    ["not JSON", '{ "name": "x",, }', /^tapeless: bad\/package\.json:1:15: invalid JSON/],
    ["a JSON array", "[1, 2]", /^tapeless: bad\/package\.json: expected a JSON object, got \[1,2\]/],
    ["JSON null", "null", /^tapeless: bad\/package\.json: expected a JSON object, got null/],
    ["a JSON string", '"package"', /^tapeless: bad\/package\.json: expected a JSON object, got "package"/],
    ["scripts a string", '{ "scripts": "build" }', /^tapeless: bad\/package\.json: "scripts" must be an object mapping names to commands, got "build"/],
    ["scripts an array", '{ "scripts": ["build"] }', /"scripts" must be an object mapping names to commands, got \["build"\]/],
    ["a repeated key", '{ "name": "a",\n  "name": "b" }', /^tapeless: bad\/package\.json:2:3: duplicate key "name" \(first at bad\/package\.json:1:3\)/],
  ])("with package.json %s: exit 2, naming it, and writes nothing", async (_what, text, message) => {
    mkdirSync(at("bad"), { recursive: true });
    writeFileSync(at("bad", "package.json"), text);
    for (const args of [["init", "bad"], ["init", "bad", "--json", "--force"]]) {
      const r = await tapeless(project.dir, args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
      expect(existsSync(at("bad", "models"))).toBe(false);
      expect(readFileSync(at("bad", "package.json"), "utf8")).toBe(text);
    }
  });

  it("--json writes a spec with $schema pointing at the installed JSON Schema, and it builds", async () => {
    const r = await tapeless(project.dir, ["init", "jsonapp", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const specFile = at("jsonapp", "models", "model.net.json");
    const spec = JSON.parse(readFileSync(specFile, "utf8")) as { $schema: string };
    installTapeless(at("jsonapp"));
    expect(existsSync(join(at("jsonapp", "models"), spec.$schema))).toBe(true);
    expect(json(at("jsonapp", "package.json")).scripts["build:models"]).toBe(
      'tapeless build "models/*.net.json" --out generated',
    );
    const build = await tapeless(at("jsonapp"), [
      "build",
      "models/model.net.json",
      "--out",
      "generated",
    ]);
    expect(build.code, build.stderr).toBe(0);
  });
});
