// The README tells the truth about what ships: its links point at files in the repository (and
// the package), its sample build lines show the figures `tapeless build` prints for the examples,
// `init` is described with its --force, and the LICENSE package.json names exists.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/index.ts";
import { exampleSpecs } from "../support/examples.ts";
import { ROOT } from "../cli/run.ts";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  license: string;
  files: string[];
};

describe("README", () => {
  it("links only to files that are in the repository and in the package", () => {
    const links = [...README.matchAll(/\]\(([^)#][^)]*)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(existsSync(join(ROOT, link)), link).toBe(true);
      // npm always packs README and LICENSE; anything else must be under "files".
      const packed = ["README.md", "LICENSE"].includes(link) || manifest.files.some((f) => link.startsWith(`${f}/`));
      expect(packed, `${link} is not in the package's "files"`).toBe(true);
    }
    expect(README).not.toMatch(/\.\.\/shared\//);
  });

  it("shows the arena sizes tapeless build prints for the examples", async () => {
    const lines = [...README.matchAll(/^✓ (\w+) {2}([\d,]+) params {2}arena ([\d.]+) KiB/gm)];
    expect(lines.map((l) => l[1])).toEqual(["mnist", "xor"]);
    const specs = new Map(await exampleSpecs());
    for (const [, name, params, kib] of lines) {
      const { stats } = await compile(specs.get(`${name}.net.ts`));
      expect(`${params} params, arena ${kib} KiB`, name).toBe(
        `${stats.paramCount.toLocaleString("en-US")} params, arena ${(stats.arenaBytes / 1024).toFixed(1)} KiB`,
      );
    }
  });

  it("describes init as it behaves: it overwrites the spec with --force", () => {
    const row = README.split("\n").find((l) => l.startsWith("| `tapeless init"))!;
    expect(row).toContain("--force");
    expect(row).not.toMatch(/never overwrites/);
  });

  it("the LICENSE file package.json promises exists", () => {
    expect(manifest.license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the tapeless authors\n/);
  });
});
