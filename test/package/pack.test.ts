// The published package as a new user gets it: `npm pack` (prepack builds dist/), the tarball
// installed offline into a new app (its dependencies come from the npm cache, pinned by our
// lockfile, so no network), then plain Node with no TypeScript toolchain: an ES module app builds a
// spec with --emit js, a CommonJS app (what `npm init -y` makes) runs `tapeless init` and
// `npm run build:models`; both run the generated model with `node`.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/run.ts";

interface Lock {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
}
interface Manifest {
  version: string;
  scripts?: Record<string, string>;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: Record<string, string>;
}

let work: string;
let app: string;
let installLog = "";
const env = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", NO_COLOR: "1" };

function run(cwd: string, file: string, args: string[]): Promise<string> {
  return new Promise((done, fail) =>
    execFile(file, args, { cwd, env, maxBuffer: 1 << 24 }, (error, stdout, stderr) =>
      error ? fail(new Error(`${file} ${args.join(" ")} failed:\n${stdout}${stderr}`)) : done(stdout + stderr),
    ),
  );
}
const node = (cwd: string, ...args: string[]) => run(cwd, process.execPath, args);
const npm = (cwd: string, ...args: string[]) => run(cwd, "npm", args);

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A lockfile for an app depending only on the tarball: our lock's production packages, as resolved. */
function appLock(tarball: string): object {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as Lock;
  const production = Object.entries(lock.packages).filter(([k, v]) => k !== "" && !v.dev && !v.devOptional);
  const { version, dependencies, bin, engines } = manifest;
  return {
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "app", version: "1.0.0", dependencies: { tapeless: `file:${tarball}` } },
      "node_modules/tapeless": { version, resolved: `file:${tarball}`, license: "MIT", dependencies, bin, engines },
      ...Object.fromEntries(production),
    },
  };
}

const SPEC = `import { dense, mse, sequential, sgd } from "tapeless";

export default sequential({
  name: "xor",
  maxBatch: 4,
  inputs: { x: [2] },
  targets: { y: [1] },
  layers: [dense(8, { activation: "tanh" }), dense(1, { activation: "sigmoid" })],
  loss: mse(),
  optimizer: sgd(0.5),
});
`;

/** Trains XOR and prints the first and last loss. */
const TRAIN = `const model = new Model({ seed: 1 });
const x = new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]);
const y = new Float32Array([0, 1, 1, 0]);
const first = model.trainStep(x, y);
let last = first;
for (let i = 0; i < 2000; i++) last = model.trainStep(x, y);
console.log(JSON.stringify({ params: layout.paramCount, first, last }));
`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "tapeless-pack-"));
  const packed = JSON.parse(await npm(ROOT, "pack", "--json", "--silent", "--pack-destination", work)) as {
    filename: string;
  }[];
  const tarball = join(work, packed[0]!.filename);
  app = join(work, "app");
  // No "type": a CommonJS package, as `npm init -y` makes; esm/ below is an ES module folder.
  write(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", dependencies: { tapeless: `file:${tarball}` } }));
  write(join(app, "package-lock.json"), JSON.stringify(appLock(tarball), null, 2));
  installLog = await npm(app, "ci", "--offline", "--no-audit");
}, 900_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the npm pack tarball, installed into a new app", () => {
  it("ships built: no install-time script, dist, declarations, schema, LICENSE and the design notes", () => {
    const pkg = join(app, "node_modules", "tapeless");
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as Manifest;
    const lifecycle = ["preinstall", "install", "postinstall", "prepare"];
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([]);
    expect(installLog).not.toMatch(/tapeless@/); // npm lists packages with install scripts by name
    for (const file of ["dist/cli.js", "dist/index.js", "dist/types/src/index.d.ts", "schema/tapeless.schema.json", "LICENSE", "docs/design.md"])
      expect(existsSync(join(pkg, file)), file).toBe(true);
    expect(readFileSync(join(pkg, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the tapeless authors\n/);
  });

  it("ES module app: tapeless build --emit js, then plain node runs the model", async () => {
    const esm = join(app, "esm");
    write(join(esm, "package.json"), JSON.stringify({ type: "module", private: true }));
    write(join(esm, "models", "xor.net.ts"), SPEC);
    const built = await node(esm, "../node_modules/.bin/tapeless", "build", "models/xor.net.ts", "--out", "generated", "--emit", "js");
    expect(built).toMatch(/^✓ xor {2}33 params .*→ generated\/xor\.js$/m);
    expect(existsSync(join(esm, "generated", "xor.d.ts"))).toBe(true);
    write(join(esm, "main.js"), `import { Model, layout } from "./generated/xor.js";\n${TRAIN}`);
    const { params, first, last } = JSON.parse(await node(esm, "main.js")) as Record<string, number>;
    expect(params).toBe(33);
    expect(last).toBeLessThan(first / 10);
  });

  it("CommonJS app: tapeless init sets up --emit cjs scripts; npm run build:models; plain node requires the model", async () => {
    const said = await node(app, "node_modules/.bin/tapeless", "init");
    expect(said).toContain('const { Model } = require("./generated/model.cjs");');
    write(join(app, "models", "model.net.ts"), SPEC.replace('name: "xor"', 'name: "model"'));
    const built = await npm(app, "run", "build:models");
    expect(built).toMatch(/→ generated\/model\.cjs$/m);
    expect(existsSync(join(app, "generated", "model.d.cts"))).toBe(true);
    write(join(app, "index.js"), `const { Model, layout } = require("./generated/model.cjs");\n${TRAIN}`);
    const { params, first, last } = JSON.parse(await node(app, "index.js")) as Record<string, number>;
    expect(params).toBe(33);
    expect(last).toBeLessThan(first / 10);
    await npm(app, "run", "check:models"); // exits 0: the generated files are fresh
  });
});
