// loadSpecFile in-process (from src/, as the plugins and tests use it): JSON, TS modules that
// import "tapeless" and local helpers, async default exports, and every failure as a FileError.
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileError } from "../../compiler/errors.ts";
import { loadSpecFile } from "../../src/cli/load-spec.ts";
import { tempProject, type TempProject } from "./fixtures.ts";

const EXPECTED = {
  name: "xor",
  maxBatch: 4,
  inputs: { x: [2] },
  targets: { y: [1] },
  layers: [
    { type: "dense", units: 8, activation: "tanh" },
    { type: "dense", units: 1 },
  ],
  loss: { type: "sigmoidCrossEntropy" },
};

let project: TempProject;
const at = (name: string) => join(project.dir, name);
const leftovers = () =>
  readdirSync(tmpdir()).filter((f) => f.startsWith(`tapeless-spec-${process.pid}-`));

beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.remove());

async function loadError(name: string): Promise<FileError> {
  const error = await loadSpecFile(at(name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileError);
  return error as FileError;
}

describe("loadSpecFile", () => {
  it("parses JSON specs", async () => {
    expect(await loadSpecFile(at("xor.json"))).toEqual(EXPECTED);
  });

  it("bundles a TS spec that imports tapeless builders and a local helper", async () => {
    expect(await loadSpecFile(at("xor.net.ts"))).toEqual(EXPECTED);
    expect(leftovers()).toEqual([]);
  });

  it("awaits an async default export; import.meta.url names the spec file itself", async () => {
    expect(await loadSpecFile(at("async.net.mjs"))).toEqual(EXPECTED);
  });

  it("reports JSON syntax errors with file:line:col", async () => {
    expect((await loadError("bad.json")).message).toMatch(/bad\.json:3:17: /);
  });

  it("reports TS syntax errors with file:line:col", async () => {
    expect((await loadError("syntax.net.ts")).message).toMatch(
      /^\/.*\/syntax\.net\.ts:2:15: Expected identifier but found ","$/,
    );
  });

  it("names the file and the user's throw site when the spec throws", async () => {
    const { message } = await loadError("throwing.net.ts");
    expect(message).toMatch(
      /^\/.*throwing\.net\.ts: no spec today \(thrown at .*lib\/layers\.ts:6:9\)$/,
    );
    expect(leftovers()).toEqual([]);
  });

  it("reports exceptions at module top level", async () => {
    const { message } = await loadError("top-level.net.js");
    expect(message).toMatch(
      /top-level\.net\.js: broken at load \(thrown at .*top-level\.net\.js:2:7\)$/,
    );
  });

  it("requires a default export", async () => {
    expect((await loadError("no-default.net.ts")).message).toMatch(
      /no-default\.net\.ts: no default export/,
    );
  });

  it("reports missing files and unsupported extensions", async () => {
    expect((await loadError("missing.json")).message).toBe(
      `cannot read ${at("missing.json")}: no such file`,
    );
    expect((await loadError("missing.ts")).message).toBe(
      `cannot read ${at("missing.ts")}: no such file`,
    );
    expect((await loadError("notes.yaml")).message).toMatch(
      /notes\.yaml: unsupported .*\.json, \.ts, \.mts, \.js, \.mjs/,
    );
  });
});
