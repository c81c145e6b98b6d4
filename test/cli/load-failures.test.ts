// Spec modules that never finish loading, or whose data throws when read: the CLI says what
// happened and exits 2 (a user error), never 13 in silence nor 70 with a stack of ours.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "./fixtures.ts";
import { buildCli, expectUserError, tapeless } from "./run.ts";

const SPEC = `name: "g", maxBatch: 2, inputs: { x: [2] }, targets: { y: [1] }, loss: { type: "mse" as const }`;
const FILES = {
  "never.net.ts": "export default new Promise(() => {});\n",
  "never-fn.net.ts": "export default async () => { await new Promise(() => {}); };\n",
  "tla.net.ts": "await new Promise(() => {});\nexport default {};\n",
  "busy.net.ts": "setInterval(() => {}, 1000);\nexport default new Promise(() => {});\n",
  "slow.net.ts": `await new Promise((r) => setTimeout(r, 300));\nexport default { ${SPEC}, layers: [{ type: "dense", units: 1 }] };\n`,
  "getter.net.ts": `export default {\n  ${SPEC},\n  get layers(): unknown[] {\n    throw new Error("no layers today");\n  },\n};\n`,
  "nested-getter.net.ts": `const layer = { type: "dense", get units(): number { throw new RangeError("units unknown"); } };\nexport default { ${SPEC}, layers: [{ type: "dense", units: 2 }, layer] };\n`,
  "proxy.net.ts": `export default new Proxy({}, { ownKeys() { throw new Error("no keys"); } });\n`,
  "throws-string.net.ts": `export default { ${SPEC}, get layers() { throw "\\u001b]0;title\\u0007"; } };\n`,
};

let project: TempProject;
const run = (...args: string[]) => tapeless(project.dir, args);
beforeAll(() => {
  buildCli();
  project = tempProject(FILES);
});
afterAll(() => project.remove());

describe("a spec that never finishes loading", () => {
  it.each([
    ["never.net.ts", "its default export (a promise) never settles"],
    ["never-fn.net.ts", "the promise its default export returns never settles"],
    ["tla.net.ts", "its top-level await never settles"],
  ])("%s: says so at once and exits 2", async (file, message) => {
    const escaped = `${file}: ${message} (`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const command of [["build", file, "--out", "out"], ["check", file]]) {
      const result = await run(...command);
      expectUserError(result, new RegExp(`^tapeless: ${escaped}`));
    }
  });

  it("busy.net.ts (keeps the process alive): stopped by --load-timeout, exit 2", async () => {
    const result = await run("build", "busy.net.ts", "--out", "out", "--load-timeout", "0.5");
    expectUserError(result, /^tapeless: busy\.net\.ts: its default export \(a promise\) did not settle within 0\.5 s \(the --load-timeout option sets the limit\)\n$/);
  });

  it("a spec that takes a while within the limit loads", async () => {
    const result = await run("inspect", "slow.net.ts", "--load-timeout", "30");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("graph g(");
  });

  it.each(["0", "-1", "soon", ""])("refuses --load-timeout %j", async (value) => {
    expectUserError(await run("build", "slow.net.ts", "--out", "out", "--load-timeout", value), /--load-timeout/);
  });
});

describe("a spec whose data throws when read", () => {
  it.each([
    ["getter.net.ts", /^tapeless: getter\.net\.ts: reading the spec's field layers threw: no layers today \(thrown at getter\.net\.ts:4:11\)\n$/],
    ["nested-getter.net.ts", /^tapeless: nested-getter\.net\.ts: reading the spec's field layers\[1\]\.units threw: units unknown \(thrown at nested-getter\.net\.ts:1:/],
    ["proxy.net.ts", /^tapeless: proxy\.net\.ts: reading the spec threw: no keys/],
    ["throws-string.net.ts", /^tapeless: throws-string\.net\.ts: reading the spec's field layers threw: \\u001b\]0;title\\u0007\n$/],
  ])("%s: the user's error, exit 2, naming the field", async (file, message) => {
    for (const command of [["build", file, "--out", "out"], ["check", file]]) {
      const result = await run(...command);
      expectUserError(result, message);
      expect(result.stderr).not.toMatch(/internal compiler error|zod/);
    }
  });
});
