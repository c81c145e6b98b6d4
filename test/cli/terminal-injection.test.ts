// Names from a spec (model, layer, parameter names) and file paths reach the terminal inert:
// ESC/CSI (colors, cursor moves, clearing), OSC (window title), BEL, CR, backspace, DEL, C1 CSI,
// newline and bidi overrides are printed as \u escapes by every command, colors on or off.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tempProject, type TempProject } from "./fixtures.ts";
import { buildCli, tapeless, type Run } from "./run.ts";

// One of each kind; "\u001b[7m" (reverse video) is a color sequence tapeless itself never prints.
const PAYLOADS = ["\u001b[7m", "\u001b]0;pwned\u0007", "\u0007", "\r", "\b", "\u007f", "\u009b2J", "\u202e", "\n", "\u0000", "\u001b[2K"];
const HOSTILE = PAYLOADS.join("");

const spec = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name,
    maxBatch: 2,
    inputs: { x: [2] },
    targets: { y: [1] },
    // two linear layers in a row: a warning that names both layers
    layers: [{ type: "dense", units: 2, name: `hidden${HOSTILE}` }, { type: "dense", units: 1, name: `out${HOSTILE}` }],
    loss: { type: "mse" },
    ...extra,
  });

let project: TempProject;
const hostileFile = `evil${PAYLOADS.filter((p) => !p.includes("\u0000") && !p.includes("\n")).join("")}.json`;
beforeAll(() => {
  buildCli();
  project = tempProject({ "hostile.json": spec(`m${HOSTILE}`) });
  // A file name can hold control characters too (not NUL); its model name is plain.
  writeFileSync(join(project.dir, hostileFile), spec("plain"));
  writeFileSync(join(project.dir, "duplicate.json"), spec("d", { layers: [{ type: "dense", units: 1, name: HOSTILE }, { type: "dense", units: 1, name: HOSTILE }] }));
});
afterAll(() => project.remove());

/** No raw control character but newline; with colors, only SGR sequences, and never the payload's. */
function expectInert(run: Run, colors: boolean): void {
  for (const text of [run.stdout, run.stderr]) {
    const rest = colors ? text.replace(/\u001b\[(?:1|2|22|31|32|33|36|39)m/g, "") : text;
    expect(rest, JSON.stringify(text)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  }
}

// [what, arguments, the output where the escaped name must show, also run with colors forced]
const COMMANDS: [string, string[], (run: Run) => string, boolean][] = [
  ["build (✓ line and warnings)", ["build", "hostile.json", "--out", "out", "--no-cache"], (r) => r.stdout + r.stderr, true],
  ["check (header and parameter table)", ["check", "hostile.json"], (r) => r.stdout, true],
  ["inspect --ir", ["inspect", "hostile.json", "--ir"], (r) => r.stdout, false],
  ["inspect --code", ["inspect", "hostile.json", "--code"], (r) => r.stdout, false],
  ["a spec error quoting the name", ["build", "duplicate.json", "--out", "out"], (r) => r.stderr, false],
  ["a hostile file name (✓ line, warnings)", ["build", hostileFile, "--out", "out2", "--no-cache"], (r) => r.stdout + r.stderr, true],
  ["build --check (stale list naming the file)", ["build", hostileFile, "--out", "elsewhere", "--check"], (r) => r.stderr, true],
  ["a missing file with a hostile name", ["build", `missing${HOSTILE.replace("\u0000", "")}.json`, "--out", "out"], (r) => r.stderr, false],
];
const RUNS = COMMANDS.flatMap(([what, args, shown, colored]) => [
  [what, args, shown, false] as const,
  ...(colored ? [[`${what}, colors forced`, args, shown, true] as const] : []),
]);

it.each(RUNS)("%s: every payload is escaped", async (_what, args, shown, colors) => {
  const result = await tapeless(project.dir, [...args], colors ? { FORCE_COLOR: "1" } : {});
  expect(result.code, result.stderr).not.toBe(70);
  expectInert(result, colors);
  expect(shown(result)).toMatch(/\\u001b|\\u0007|\\u000d/);
});

it("the ✓ line names the model in one line, escaped", async () => {
  const result = await tapeless(project.dir, ["build", "hostile.json", "--out", "out3", "--no-cache"]);
  const line = result.stdout.split("\n").find((l) => l.startsWith("✓"));
  expect(line).toContain("✓ m\\u001b[7m\\u001b]0;pwned\\u0007\\u0007\\u000d\\u0008\\u007f\\u009b2J\\u202e\\u000a\\u0000\\u001b[2K  ");
});
