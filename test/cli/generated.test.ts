// generated/ is fresh as seen by the built binary, as users' CI checks their own output:
// `tapeless build "examples/*.net.ts" --out generated --check` exits 0 (test/generated/fresh.test.ts
// checks the same through compile()).
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli, ROOT, tapeless } from "./run.ts";

beforeAll(() => buildCli());

describe("tapeless build --check on this repository", () => {
  it("finds generated/ up to date with examples/", async () => {
    const r = await tapeless(ROOT, ["build", "examples/*.net.ts", "--out", "generated", "--check"]);
    expect(r.stderr, "generated/ is stale: run npm run generate").toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ \d+ generated files are up to date in generated\n$/);
  });
});
