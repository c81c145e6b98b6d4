// The build cache's promises, in process: a changed compiler, a --dtype or --max-batch override and
// a spec value computed at run time each miss the cache; an edited output file is rewritten from
// it; and a build where one spec fails writes nothing, not even its valid sibling.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { BuildCache } from "../../src/cli/build-cache.ts";
import { buildSpec, deliver, runBuild, type BuildOptions } from "../../src/cli/build.ts";
import { memoryUi } from "../../src/cli/ui.ts";

// The compiler's identity (a hash of its code), switchable here as if the compiler had changed.
const compiler = vi.hoisted(() => ({ fingerprint: "compiler-A" }));
vi.mock("../../src/cli/fingerprint.ts", () => ({ compilerFingerprint: () => compiler.fingerprint }));

const dir = mkdtempSync(join(tmpdir(), "tapeless-cache-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (name: string, units: string) => `{ "name": "${name}", "maxBatch": 2, "inputs": { "x": [3] }, "targets": { "y": [1] },
  "layers": [{ "type": "dense", "units": ${units}, "activation": "tanh" }, { "type": "dense", "units": 1 }], "loss": { "type": "mse" } }`;
// A spec module whose width is computed when it runs: the file's bytes never change.
const RUNTIME = join(dir, "runtime.net.ts");
writeFileSync(RUNTIME, `export default ${spec("runtime", `Number(process.env.TAPELESS_TEST_UNITS ?? 2)`)};\n`);

describe("the build cache", () => {
  const cache = new BuildCache(join(dir, "cache"));
  const out = join(dir, "gen");
  mkdirSync(out);
  const build = async (options: Partial<BuildOptions> = {}) => {
    const b = await buildSpec(RUNTIME, { out, ...options }, cache);
    await deliver(b, out, memoryUi(), cache);
    return b;
  };

  it("hits on an unchanged build; misses on a changed compiler, --dtype, --max-batch or a run-time value", async () => {
    expect((await build()).cached).toBe(false);
    expect((await build()).cached).toBe(true);

    compiler.fingerprint = "compiler-B";
    expect((await build()).cached).toBe(false);
    expect((await build()).cached).toBe(true);

    const f64 = await build({ dtype: "f64" });
    expect(f64.cached).toBe(false);
    expect(f64.files[0]!.code).toContain("Float64Array");

    const wide = await build({ maxBatch: 7 });
    expect(wide.cached).toBe(false);
    expect(wide.files[0]!.code).toContain("batch: number = 7");

    vi.stubEnv("TAPELESS_TEST_UNITS", "5");
    try {
      const five = await build();
      expect(five.cached).toBe(false);
      expect(five.stats.paramCount).toBe(3 * 5 + 5 + 5 + 1);
    } finally {
      vi.unstubAllEnvs();
    }
    expect((await build()).stats.paramCount).toBe(3 * 2 + 2 + 2 + 1);
  });

  it("rewrites an edited output file from the cache", async () => {
    const first = await build();
    const file = join(out, first.fileName);
    writeFileSync(file, `${first.files[0]!.code}// edited by hand\n`);
    const again = await build();
    expect(again.cached).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(first.files[0]!.code);
  });
});

describe("all or nothing", () => {
  it("writes nothing when one spec fails, not even a valid sibling built before it", async () => {
    const good = join(dir, "good.net.json");
    const bad = join(dir, "bad.net.json");
    writeFileSync(good, spec("good", "3"));
    writeFileSync(bad, spec("bad", `"three"`));
    const out = join(dir, "all-or-nothing");
    await expect(runBuild([good, bad], { out, cache: false }, memoryUi())).rejects.toThrow(/units/);
    expect(existsSync(out)).toBe(false);
    expect(await runBuild([good], { out, cache: false }, memoryUi())).toBe(0);
    expect(existsSync(join(out, "good.ts"))).toBe(true);
  });
});
