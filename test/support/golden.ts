// Golden text files: a test compares what the code produces with a reviewed file in the
// repository. `UPDATE_GOLDEN=1 npx vitest run <file>` rewrites them; the diff is then reviewed.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { expect } from "vitest";

export function expectGolden(path: URL, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${path.pathname} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual, `${path.pathname} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, "utf8"));
}
