// `tapeless inspect --html` and `tapeless build --watch --inspect` through the built binary: the
// page's file name, standard output, --check, escaping of spec names, errors leave no file.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TempProject } from "./fixtures.ts";
import { buildCli, expectUserError, Session, tapeless } from "./run.ts";

let project: TempProject;
let session: Session | undefined;
const run = (...args: string[]) => tapeless(project.dir, args);
const EVIL = '</script><script>alert("x")</script>';

beforeAll(() => {
  buildCli();
  project = tempProject();
  writeFileSync(
    join(project.dir, "evil.json"),
    JSON.stringify({
      name: EVIL,
      maxBatch: 2,
      inputs: { "<img src=x>": [2] },
      targets: { y: [3] },
      layers: [{ type: "dense", name: '"><b>&amp;', units: 3 }],
      loss: { type: "softmaxCrossEntropy" },
    }),
  );
});
afterAll(async () => {
  if (session && session.child.exitCode === null) await session.stop();
  project?.remove();
});

/** Nothing in the page asks for another file: no src, href or url() anywhere. */
function expectSelfContained(html: string): void {
  expect(html.startsWith("<!doctype html>")).toBe(true);
  const tags = html.replace(/="[^"]*"/g, '=""'); // attribute values may hold any (escaped) name
  expect(tags.match(/<[^>]*\s(src|href|xlink:href|action)=[^>]*>/gi)).toBeNull();
  expect(html.match(/url\((?!#)[^)]*\)|@import|@font-face/g)).toBeNull();
}

describe("tapeless inspect --html", () => {
  it("writes <name>.inspect.html by default: self-contained, one data-node per IR value", async () => {
    const r = await run("inspect", "xor.json", "--html");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/xor → xor\.inspect\.html/);
    const html = readFileSync(join(project.dir, "xor.inspect.html"), "utf8");
    expectSelfContained(html);
    for (const id of ["x", "y", "dense1.kernel", "dense1", "loss"]) expect(html).toContain(`data-node="${id}"`);
    expect(html).toContain('id="details"');
    expect(html).toMatch(/<div id="code"[^>]*><div class="line" data-line="1">/);
  });

  it("- prints the page on standard output and writes no file", async () => {
    const r = await run("inspect", "xor.json", "--html", "-", "--max-batch", "3");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
    expect(r.stdout).toContain("maxBatch 3");
  });

  it("--check adds the worst finite-difference error per parameter tensor", async () => {
    const r = await run("inspect", "xor.json", "--html", "checked.html", "--check");
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(project.dir, "checked.html"), "utf8");
    const section = html.slice(html.indexOf('id="check"'));
    for (const p of ["dense1.kernel", "dense1.bias", "dense2.kernel", "dense2.bias"])
      expect(section).toMatch(new RegExp(`<tr class="ok"><td class="mono">${p.replace(".", "\\.")}</td>`));
    expectUserError(await run("inspect", "xor.json", "--check"), /--check needs --html/);
  });

  it("escapes every spec name: nothing closes the script or injects markup", async () => {
    const r = await run("inspect", "evil.json", "--html", "evil.html");
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(project.dir, "evil.html"), "utf8");
    expectSelfContained(html);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src");
    expect(html).not.toContain('"><b>&amp;');
    expect(html.match(/<script/g)).toHaveLength(2); // the page data and the page script
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("a bad spec: a clear error naming the field, no file written", async () => {
    writeFileSync(join(project.dir, "bad.json"), XOR_BAD);
    const r = await run("inspect", "bad.json", "--html", "bad.html");
    expectUserError(r, /bad\.json:\d+:\d+: layers\[0\]\.units/);
    expect(existsSync(join(project.dir, "bad.html"))).toBe(false);
  });
});

const XOR_BAD = `{ "name": "bad", "inputs": { "x": [2] }, "targets": { "y": [1] },
  "layers": [ { "type": "dense", "units": -3 } ], "loss": { "type": "mse" } }`;

describe("tapeless build --watch --inspect", () => {
  it("keeps <out>/<name>.inspect.html up to date beside the module", async () => {
    expectUserError(await run("build", "xor.json", "--out", "gen", "--inspect"), /--inspect needs --watch/);
    session = new Session(project.dir, ["build", "xor.json", "--out", "live", "--watch", "--inspect"]);
    await session.waitFor(/inspector page .*live\/xor\.inspect\.html/);
    // (the page is written before the watcher is ready: a change made earlier would go unseen)
    await session.waitFor(/watching 1 spec/);
    const page = join(project.dir, "live", "xor.inspect.html");
    expect(readFileSync(page, "utf8")).toContain("maxBatch 4");
    writeFileSync(join(project.dir, "xor.json"), readFileSync(join(project.dir, "xor.json"), "utf8").replace('"maxBatch": 4', '"maxBatch": 5'));
    await session.waitFor(/inspector page .*live\/xor\.inspect\.html/, 2);
    expect(readFileSync(page, "utf8")).toContain("maxBatch 5");
    expect(await session.stop()).toBe(0);
  });
});
