// `tapeless build --watch` as a user runs it: edit a file the spec imports and see the model
// rebuild, break the spec and see the error while the watch goes on, fix it, stop with Ctrl-C.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject, XOR_JSON } from "./fixtures.ts";
import { buildCli, Session } from "./run.ts";

let project: TempProject;
let session: Session | undefined;
let globSession: Session | undefined;
const path = (name: string) => join(project.dir, name);
const edit = (name: string, from: string, to: string) => {
  const text = readFileSync(path(name), "utf8");
  expect(text).toContain(from);
  writeFileSync(path(name), text.replace(from, to));
};

beforeAll(() => {
  buildCli();
  project = tempProject();
});
afterAll(async () => {
  if (session && session.child.exitCode === null) await session.stop();
  if (globSession && globSession.child.exitCode === null) await globSession.stop();
  project?.remove();
});

describe("tapeless build --watch", () => {
  it("rebuilds when the spec or a file it imports changes, reports errors and keeps watching", async () => {
    session = new Session(project.dir, ["build", "xor.net.ts", "--out", "gen", "--watch"]);
    await session.waitFor(/watching 1 spec \(2 files\); press Ctrl-C to stop/);
    expect(session.stdout).toMatch(/^✓ xor {2}33 params .*→ gen\/xor\.ts$/m);

    edit("lib/layers.ts", "units, activation", "units: units * 2, activation");
    await session.waitFor(/^↻ lib\/layers\.ts changed \(imported by xor\.net\.ts\)$/m);
    await session.waitFor(/^✓ xor {2}65 params/m);
    expect(readFileSync(path("gen/xor.ts"), "utf8")).toMatch(/paramCount: 65\b/);

    edit("xor.net.ts", "dense(1)", "dense(-1)");
    await session.waitFor(
      /^✗ xor\.net\.ts: layers\[1\]\.units: expected a positive integer, got -1$/m,
    );
    expect(readFileSync(path("gen/xor.ts"), "utf8")).toMatch(/paramCount: 65\b/); // kept as it was

    edit("xor.net.ts", "dense(-1)", "dense(1)");
    await session.waitFor(/^✓ xor {2}65 params/m, 2);
    expect(session.stderr).not.toMatch(/internal compiler error/);
    expect(await session.stop()).toBe(0);
  });

  it("follows a quoted glob: a new matching spec is built, a deleted one is dropped", async () => {
    mkdirSync(path("models"), { recursive: true });
    writeFileSync(path("models/a.net.json"), XOR_JSON.replace('"xor"', '"a"'));
    globSession = new Session(project.dir, [
      "build",
      "models/*.net.json",
      "--out",
      "gen-models",
      "--watch",
    ]);
    await globSession.waitFor(/watching 1 spec \(1 file\); press Ctrl-C to stop/);
    expect(globSession.stdout).toMatch(/^✓ a {2}33 params .*→ gen-models\/a\.ts$/m);

    writeFileSync(path("models/b.net.json"), XOR_JSON.replace('"xor"', '"b"'));
    await globSession.waitFor(/^\+ models\/b\.net\.json added$/m);
    await globSession.waitFor(/^✓ b {2}33 params .*→ gen-models\/b\.ts$/m);
    expect(globSession.stdout).not.toMatch(/b\.net\.json changed/); // built once, on creation
    expect(existsSync(path("gen-models/b.ts"))).toBe(true);

    writeFileSync(path("models/notes.txt"), "not a spec"); // in the folder, not matching: ignored
    rmSync(path("models/a.net.json"));
    await globSession.waitFor(
      /^− models\/a\.net\.json removed; its generated file is left in place$/m,
    );
    expect(existsSync(path("gen-models/a.ts"))).toBe(true);

    writeFileSync(path("models/b.net.json"), XOR_JSON.replace('"xor"', '"b"').replace("8", "4"));
    await globSession.waitFor(/^↻ models\/b\.net\.json changed$/m);
    expect(globSession.stdout).not.toMatch(/notes\.txt/);
    expect(globSession.stderr).toBe("");
    expect(await globSession.stop()).toBe(0);
  });
});
