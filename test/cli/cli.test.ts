// The `tapeless` binary as a user runs it: `node dist/cli.js ...` in a temporary project folder.
// Checks exit codes (0 ok, 2 user error), one-line messages without stack traces, and the files
// that `build` writes (atomically, nothing left behind).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "./fixtures.ts";
import { buildCli } from "./run.ts";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const CLI = join(ROOT, "dist", "cli.js");
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }
).version;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let project: TempProject;

function tapeless(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd: project.dir }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A user error: exit 2, `tapeless: ...` on stderr, no stack trace. */
function expectUserError(run: Run, message: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^tapeless: /);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).toBe("");
}

const filesIn = (dir: string) =>
  existsSync(join(project.dir, dir)) ? readdirSync(join(project.dir, dir)).sort() : [];

beforeAll(() => {
  buildCli();
  project = tempProject();
});
afterAll(() => project?.remove());

describe("tapeless --version / --help", () => {
  it("prints the package version", async () => {
    expect(await tapeless("--version")).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("prints complete help for the program and each command", async () => {
    const main = await tapeless("--help");
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/Usage: tapeless/);
    for (const word of ["build", "inspect", "--version", "Examples:", "Exit status"])
      expect(main.stdout).toContain(word);
    const build = await tapeless("build", "--help");
    for (const word of ["<specs...>", "--out <dir>", "--dtype", "--max-batch"])
      expect(build.stdout).toContain(word);
    const inspect = await tapeless("inspect", "--help");
    for (const word of ["--ir", "--grad", "--plan", "--code"])
      expect(inspect.stdout).toContain(word);
  });

  it("treats usage mistakes as user errors", async () => {
    expectUserError(await tapeless("frobnicate"), /unknown command 'frobnicate'/);
    expectUserError(
      await tapeless("build", "xor.json"),
      /required option '-o, --out <dir>' not specified/,
    );
    expectUserError(
      await tapeless("build", "xor.json", "--out", "o", "--max-batch", "0"),
      /positive integer/,
    );
    expectUserError(
      await tapeless("build", "xor.json", "--out", "o", "--dtype", "f16"),
      /f32.*f64/,
    );
    expect((await tapeless()).code).toBe(2);
  });
});

describe("loading spec files", () => {
  it("reports bad JSON with file:line:col", async () => {
    expectUserError(
      await tapeless("build", "bad.json", "--out", "out"),
      /^tapeless: bad\.json:3:17: invalid JSON/,
    );
  });

  it("reports a missing file", async () => {
    expectUserError(
      await tapeless("build", "missing.json", "--out", "out"),
      /^tapeless: cannot read missing\.json: no such file\n$/,
    );
    expectUserError(
      await tapeless("inspect", "missing.net.ts"),
      /cannot read missing\.net\.ts: no such file/,
    );
  });

  it("rejects unsupported file types, listing the supported ones", async () => {
    expectUserError(
      await tapeless("build", "notes.yaml", "--out", "out"),
      /notes\.yaml: .*\.json, \.ts, \.mts, \.js, \.mjs/,
    );
  });

  it("reports TS syntax errors with file:line:col", async () => {
    expectUserError(
      await tapeless("build", "syntax.net.ts", "--out", "out"),
      /^tapeless: syntax\.net\.ts:2:15: /,
    );
  });

  it("reports a throwing spec module with the user's file and throw site", async () => {
    const run = await tapeless("build", "throwing.net.ts", "--out", "out");
    expectUserError(
      run,
      /^tapeless: throwing\.net\.ts: no spec today \(thrown at lib\/layers\.ts:6:9\)\n$/,
    );
    expectUserError(
      await tapeless("build", "top-level.net.js", "--out", "out"),
      /top-level\.net\.js: broken at load/,
    );
  });

  it("requires a default export", async () => {
    expectUserError(
      await tapeless("build", "no-default.net.ts", "--out", "out"),
      /no-default\.net\.ts: no default export/,
    );
  });

  it("writes nothing when a spec fails", () => {
    expect(filesIn("out")).toEqual([]);
  });
});

// These need the real compile() (src/index.ts).
describe("tapeless build", () => {
  it("compiles a TS spec importing tapeless builders and a local helper", async () => {
    const run = await tapeless("build", "xor.net.ts", "--out", "gen/models");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^✓ xor {2}33 params {2}arena \d+\.\d KiB {2}\d+ ms {2}→ gen\/models\/xor\.ts\n$/,
    );
    const code = readFileSync(join(project.dir, "gen/models/xor.ts"), "utf8");
    expect(code).toMatch(/^\/\/ Generated by tapeless/);
    expect(code).toContain("export class Model");
    expect(filesIn("gen/models")).toEqual(["xor.ts"]);
  });

  it("is deterministic, and a JSON spec gives the same module up to its source name", async () => {
    const first = readFileSync(join(project.dir, "gen/models/xor.ts"), "utf8");
    await tapeless("build", "xor.net.ts", "--out", "gen/models");
    expect(readFileSync(join(project.dir, "gen/models/xor.ts"), "utf8")).toBe(first);
    expect((await tapeless("build", "xor.json", "--out", "gen/json")).code).toBe(0);
    const fromJson = readFileSync(join(project.dir, "gen/json/xor.ts"), "utf8");
    expect(fromJson.replaceAll("xor.json", "xor.net.ts")).toBe(first);
  });

  it("applies --dtype and --max-batch", async () => {
    const run = await tapeless(
      "build",
      "async.net.mjs",
      "--out",
      "gen/f64",
      "--dtype",
      "f64",
      "--max-batch",
      "16",
    );
    expect(run.code, run.stderr).toBe(0);
    const code = readFileSync(join(project.dir, "gen/f64/xor.ts"), "utf8");
    expect(code).toContain('dtype: "f64"');
    expect(code).toContain("readonly params: Float64Array");
    expect(code).toMatch(/maxBatch: 16\b/);
  });

  it("refuses two specs with the same name and writes nothing", async () => {
    expectUserError(
      await tapeless("build", "xor.json", "xor.net.ts", "--out", "dup"),
      /xor\.net\.ts and xor\.json both produce xor\.ts/,
    );
    expect(filesIn("dup")).toEqual([]);
  });

  it("reports an unwritable output folder, leaving no temporary file", async () => {
    writeFileSync(join(project.dir, "taken"), "not a folder");
    expectUserError(await tapeless("build", "xor.json", "--out", "taken"), /cannot create taken: /);
    expectUserError(
      await tapeless("build", "xor.json", "--out", "taken/sub"),
      /cannot create taken\/sub: /,
    );
    expect(readdirSync(project.dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("prefixes spec validation errors with the file, and the line and column of the field", async () => {
    writeFileSync(join(project.dir, "invalid.json"), XOR_WITH_BAD_UNITS);
    expectUserError(
      await tapeless("build", "invalid.json", "--out", "out"),
      /^tapeless: invalid\.json:2:43: layers\[0\]\.units: expected a positive integer, got -3$/m,
    );
    // a value from the command line has no place in the file
    writeFileSync(join(project.dir, "ok.json"), XOR_WITH_BAD_UNITS.replace("-3", "1"));
    expectUserError(
      await tapeless("build", "ok.json", "--out", "out", "--max-batch", "100000000"),
      /^tapeless: ok\.json: maxBatch: /m,
    );
  });
});

const XOR_WITH_BAD_UNITS = `{ "name": "xor", "inputs": { "x": [2] }, "targets": { "y": [1] },
  "layers": [ { "type": "dense", "units": -3 } ], "loss": { "type": "mse" } }`;

describe("tapeless inspect", () => {
  it("prints the forward IR by default, bare", async () => {
    const run = await tapeless("inspect", "xor.json");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^graph xor\(/);
    expect(await tapeless("inspect", "xor.json", "--ir")).toEqual(run);
  });

  it("prints several sections in order, each under a header", async () => {
    const run = await tapeless("inspect", "xor.net.ts", "--code", "--plan", "--grad", "--ir");
    expect(run.code, run.stderr).toBe(0);
    const headers = run.stdout.split("\n").filter((l) => l.startsWith("===="));
    expect(headers).toEqual([
      "==== forward IR: xor ====",
      "==== gradient IR: xor ====",
      "==== memory plan: xor ====",
      "==== generated code: xor ====",
    ]);
    expect(run.stdout).toContain("Generated by tapeless");
  });
});
