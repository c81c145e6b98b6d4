// `tapeless build --watch` as a user runs it: edit a file the spec imports and see the model
// rebuild, break the spec and see the error while the watch goes on, fix it, stop with Ctrl-C.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "./fixtures.ts";
import { buildCli, Session } from "./run.ts";

let project: TempProject;
let session: Session | undefined;
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
});
