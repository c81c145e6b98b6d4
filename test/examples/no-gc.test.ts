// Run-time proof that the generated training step allocates nothing: 100,000 trainSteps (10× what
// the contract asks) in a separate process with a 1 MiB young generation, and not one garbage
// collection; the same for steps skipped by skipNonFinite (NaN inputs) and for predict() into a
// given array. The last case shows the probe is sensitive enough to see one boxed double per step.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { compile } from "../../src/index.ts";
import xor from "../../examples/xor.net.ts";
import residual from "../../examples/residual.net.ts";
import mnist from "../../examples/mnist.net.ts";

const PROBE = fileURLToPath(new URL("../support/gc-probe.mjs", import.meta.url));

async function probe(code: string, steps: number, batch: number, mode = "train") {
  const dir = mkdtempSync(path.join(tmpdir(), "tapeless-gc-"));
  try {
    const file = path.join(dir, "model.mjs");
    writeFileSync(file, (await transform(code, { loader: "ts", format: "esm" })).code);
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--max-semi-space-size=1", PROBE, file, String(steps), String(batch), mode],
      { encoding: "utf8" },
    );
    return JSON.parse(out) as { steps: number; gcs: number; heapGrowth: number; skipped: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("no garbage collection while training", () => {
  it.each([
    ["xor", xor, 100_000, 4],
    ["residual", residual, 100_000, 8],
    ["mnist", mnist, 300, 8],
  ] as const)("%s", async (name, spec, steps, batch) => {
    const { code } = await compile(spec);
    const result = await probe(code, steps, batch);
    console.log(`${name}: ${result.steps} trainSteps, ${result.gcs} GCs, heap growth ${result.heapGrowth} bytes`);
    expect(result.gcs).toBe(0);
  });

  it.each([
    ["xor, every step skipped (NaN inputs)", xor, 100_000, 4, "skip"],
    ["xor, predict 9 rows into a given array", xor, 100_000, 4, "predict"],
    ["residual (graph form), predict 17 rows into a given array", residual, 100_000, 8, "predict"],
  ] as const)("%s", async (name, spec, steps, batch, mode) => {
    const { code } = await compile(spec);
    const result = await probe(code, steps, batch, mode);
    console.log(`${name}: ${result.steps} calls, ${result.gcs} GCs, heap growth ${result.heapGrowth} bytes`);
    if (mode === "skip") expect(result.skipped).toBeGreaterThanOrEqual(steps);
    expect(result.gcs).toBe(0);
  });

  it("the probe sees a step that boxes a single double", async () => {
    const { code } = await compile(xor);
    const leaky = code.replace("step(): void {", "step(): void {\n    (globalThis as any).sink = Math.random() + 0.5;");
    expect(leaky).not.toBe(code);
    const result = await probe(leaky, 100_000, 4);
    expect(result.gcs).toBeGreaterThan(0);
  });
});
