// The malformed-spec corpus through the real command line: `tapeless build <file> --out <dir>` on
// every file in test/corpus/specs/ (expectations.ts says what each must report). For every file:
// exit code 2, stderr is `tapeless: <file>: <path>: <message>` (or `<file>:<line>:<col>: invalid
// JSON`), no stack trace, no internal-error text, no raw control character (escape codes in a spec
// cannot reach the terminal), nothing on stdout, no output folder. The runs share one process with
// a 96 MiB heap (cli-batch.ts calls the CLI's runCli for each file, as bin.ts does): specs asking
// for gigabytes are refused before anything is allocated, and one process start serves 70 files.
//
// The batch runner and the CLI are bundled privately (same esbuild options as scripts/build.mjs)
// into node_modules/.cache, so this suite never races test/cli/cli.test.ts rebuilding dist/; it runs
// in a scratch copy of the corpus, so nothing (a build cache) is written into the repository.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchRun } from "./cli-batch.ts";
import { EXPECTATIONS } from "./expectations.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SPECS = fileURLToPath(new URL("./specs/", import.meta.url));
const BUNDLE = join(ROOT, "node_modules", ".cache", `tapeless-corpus-${process.pid}`);

let work: string;
let runs: Record<string, BatchRun> = {};

/** Runs the CLI on `files` (in the scratch folder), all in one process with a 96 MiB heap. */
function runCli(files: string[]): Promise<Record<string, BatchRun>> {
  const results = join(work, `.results-${files.length}-${files[0]}.json`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--max-old-space-size=96", join(BUNDLE, "cli-batch.js"), results, ...files],
      { cwd: work, maxBuffer: 1 << 20, timeout: 120_000 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`the batch process failed (${error.message}); it had started:\n${stderr}`));
        else resolve(JSON.parse(readFileSync(results, "utf8")) as Record<string, BatchRun>);
      },
    );
  });
}

beforeAll(async () => {
  await build({
    entryPoints: { "cli-batch": fileURLToPath(new URL("./cli-batch.ts", import.meta.url)) },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    splitting: true,
    outdir: BUNDLE,
    chunkNames: "chunks/cli-[hash]",
    logLevel: "warning",
  });
  work = mkdtempSync(join(tmpdir(), "tapeless-corpus-"));
  cpSync(SPECS, work, { recursive: true });
  runs = await runCli(EXPECTATIONS.map((e) => e.file));
}, 180_000);

afterAll(() => {
  rmSync(BUNDLE, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("malformed spec corpus through the CLI", () => {
  it("has at least 60 files, each with exactly one expectation", () => {
    const files = readdirSync(SPECS).sort();
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(EXPECTATIONS.map((e) => e.file).sort()).toEqual(files);
  });

  it.each(EXPECTATIONS.map((e) => [e.file, e] as const))("%s", (file, expectation) => {
    const run = runs[file]!;
    const detail = `stderr:\n${run.stderr}`;
    expect(run.code, detail).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.outDirExists, "nothing is written").toBe(false);
    expect(run.stderr, detail).not.toMatch(/^\s+at /m);
    expect(run.stderr, detail).not.toMatch(/internal compiler error|Error:/);
    // Only printable text and newlines: escape codes from a spec never reach the terminal.
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const isJson = /^\d+:\d+$/.test(expectation.at);
    // A field error also says where the field (or, when it is missing, the object that lacks it)
    // starts in the file: a JSON value must start there.
    // (Not for the spec as a whole, nor past the nesting depth the position scanner handles.)
    const at = isJson ? expectation.at : /^tapeless: [^:]+:(\d+:\d+): /.exec(run.stderr)?.[1];
    const located = expectation.at !== "spec" && file !== "deep-nesting.json";
    expect(at !== undefined, `file:line:col or not\n${detail}`).toBe(isJson || located);
    if (!isJson && located) expect(valueStartAt(readFileSync(join(SPECS, file), "utf8"), at!), detail).toBe(true);
    const where = at === undefined ? `${file}: ` : `${file}:${at}: `;
    const prefix = isJson ? `tapeless: ${where}` : `tapeless: ${where}${expectation.at}: `;
    expect(run.stderr.startsWith(prefix), `expected the prefix ${JSON.stringify(prefix)}\n${detail}`).toBe(true);
    expect(run.stderr.slice(prefix.length).replace(/\n$/, "")).toMatch(expectation.message);
  });

  it("a model name that is a path cannot write outside --out", async () => {
    const spec = {
      name: "../../../escaped/..\\evil\u0000.ts",
      inputs: { x: [2] },
      targets: { y: [1] },
      layers: [{ type: "dense", units: 1 }],
      loss: { type: "mse" },
    };
    writeFileSync(join(work, "traversal.json"), JSON.stringify(spec));
    const run = (await runCli(["traversal.json"]))["traversal.json"]!;
    expect(run.code, run.stderr).toBe(0);
    const written = readdirSync(join(work, "out-traversal.json"));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^[A-Za-z0-9._-]+\.ts$/);
    expect(existsSync(join(work, "..", "escaped"))).toBe(false);
    expect(readdirSync(work).filter((f) => !f.endsWith(".json") && !f.startsWith("out-") && !f.startsWith("."))).toEqual([]);
  });
});

/** True when a JSON value (object, array, string, number, literal) starts at 1-based `line:col`. */
function valueStartAt(raw: string, at: string): boolean {
  const text = raw.replace(/^\uFEFF/, "");
  const [line, col] = at.split(":").map(Number);
  const row = text.split(/\r\n|\r|\n/)[line - 1];
  const rest = row === undefined ? "" : Array.from(row).slice(col - 1).join("");
  return /^(?:[{["-]|\d|true|false|null)/.test(rest);
}
