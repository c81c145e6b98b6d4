// writeFileAtomic: replaces the target in one rename; on failure no target and no temp file remain.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/cli/write-atomic.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tapeless-atomic-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeFileAtomic", () => {
  it("writes a new file and replaces an existing one", async () => {
    await writeFileAtomic(join(dir, "m.ts"), "one");
    await writeFileAtomic(join(dir, "m.ts"), "two");
    expect(readFileSync(join(dir, "m.ts"), "utf8")).toBe("two");
    expect(readdirSync(dir)).toEqual(["m.ts"]);
  });

  it("leaves no temporary file when the rename fails", async () => {
    mkdirSync(join(dir, "m.ts"));
    writeFileSync(join(dir, "m.ts", "keep"), "");
    await expect(writeFileAtomic(join(dir, "m.ts"), "x")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["m.ts"]);
  });

  it("fails cleanly when the folder does not exist", async () => {
    await expect(writeFileAtomic(join(dir, "nope", "m.ts"), "x")).rejects.toMatchObject({
      code: "ENOENT",
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
