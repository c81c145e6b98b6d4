// If the emitter ever writes a module that does not parse, `tapeless build` fails loudly: an
// internal error (exit 70), no ✓ line, no file written. The emitter is made to write the original
// bug of issue 10 (trainStep redeclaring one of its parameters).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runBuild } from "../../src/cli/build.ts";
import { EXIT_INTERNAL_ERROR, reportError } from "../../src/cli/report-error.ts";
import { memoryUi } from "../../src/cli/ui.ts";
import { XOR_JSON } from "./fixtures.ts";

vi.mock("../../compiler/backends/js/emit/module.ts", async (original) => {
  const actual = await original<typeof import("../../compiler/backends/js/emit/module.ts")>();
  return {
    ...actual,
    emitModule: (...args: Parameters<typeof actual.emitModule>) =>
      actual.emitModule(...args).replace("const value = this.loss(", "const batch = this.loss("),
  };
});

const dir = mkdtempSync(join(tmpdir(), "tapeless-parse-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tapeless build with an emitted module that does not parse", () => {
  it("exits 70 with the parse error, prints no ✓ and writes nothing", async () => {
    writeFileSync(join(dir, "xor.json"), XOR_JSON);
    const ui = memoryUi();
    const out = join(dir, "gen");
    const error = await runBuild([join(dir, "xor.json")], { out, cache: false }, ui).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const stderr: string[] = [];
    expect(reportError(error, (text) => stderr.push(text))).toBe(EXIT_INTERNAL_ERROR);
    expect(stderr.join("")).toMatch(/internal compiler error[\s\S]*the emitted module does not parse[\s\S]*["']batch["'] has already been declared/);
    expect(ui.stdout.join("\n")).not.toContain("✓");
    expect(existsSync(join(out, "xor.ts"))).toBe(false);
  });
});
