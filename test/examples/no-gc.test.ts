// Run-time proof that the generated training step allocates nothing: 100,000 trainSteps (10× what
// the contract asks) in a separate process with a 1 MiB young generation, and not one garbage
// collection. Each model's probe, with its own step count, must also see a planted allocation:
// one boxed double per step (xor, residual: 100,000 × 16 B fills the young generation), or per
// parameter update for mnist, whose 300 steps could not see less than ~3.5 KB a step. The same for
// steps skipped by skipNonFinite (NaN inputs) and for predict() into a given array: 2·maxBatch + 1
// rows are three predictRows calls, so 34,000 predict() calls are 102,000 predictRows calls, and the
// planted boxed double per predictRows call allocates 1.6 MB, as much as in the trainStep probes.
// (Most of an mnist probe is its 3,000 warm-up steps: with fewer, the JIT still tiers up during the
// measured steps and its allocations show up as GCs now and then, seen at 600, 1,000 and 2,000.)
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
import { modesSpec } from "../support/emitted-corpus.ts";

const PROBE = fileURLToPath(new URL("../support/gc-probe.mjs", import.meta.url));

async function probe(code: string, steps: number, batch: number, mode: "train" | "skip" | "predict" | "evaluate" = "train") {
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

const SINK = "(globalThis as any).sink = Math.random() + 0.5;";
/** One boxed double per step() or predictRows() call, or per parameter step() updates (inside its loop). */
function plant(code: string, where: "step" | "parameter" | "predict" | "evaluate"): string {
  const at = code.indexOf(where === "predict" ? "private predictRows(" : where === "evaluate" ? "evaluate(" : "step(): void {");
  // The update loop: the first loop with a block body (the skipNonFinite check is a one-line loop).
  const loop = /for \(let i = 0; i < \d+; i\+\+\) \{/g;
  loop.lastIndex = at;
  const open = where === "parameter" ? (loop.exec(code)?.index ?? -1) : at;
  const end = code.indexOf("{", open) + 1;
  return `${code.slice(0, end)}\n${SINK}${code.slice(end)}`;
}

const MODELS = [
  ["xor", xor, 100_000, 4, "step"],
  ["residual", residual, 100_000, 8, "step"],
  ["mnist", mnist, 300, 8, "parameter"],
] as const;

describe("no garbage collection while training", () => {
  it.each(MODELS)("%s", { timeout: 300_000 }, async (name, spec, steps, batch, where) => {
    const { code } = await compile(spec);
    const result = await probe(code, steps, batch);
    console.log(`${name}: ${result.steps} trainSteps, ${result.gcs} GCs, heap growth ${result.heapGrowth} bytes`);
    expect(result.gcs).toBe(0);
    const leaky = plant(code, where);
    expect(leaky).toContain(SINK);
    const planted = await probe(leaky, steps, batch);
    expect(planted.gcs, `${name}: one boxed double per ${where}`).toBeGreaterThan(0);
  });

  it.each([
    ["xor, every step skipped (NaN inputs)", xor, 100_000, 4, "skip", "step"],
    ["xor, predict 9 rows into a given array", xor, 34_000, 4, "predict", "predict"],
    ["residual (graph form), predict 17 rows into a given array", residual, 34_000, 8, "predict", "predict"],
    // training and inference modes (batch norm's state updated by loss, dropout's masks drawn;
    // evaluate runs computeForward, the inference graph predict runs too)
    ["batch norm and dropout: trainStep", modesSpec("f32"), 2_000, 5, "train", "parameter"],
    ["batch norm and dropout: evaluate (inference mode)", modesSpec("f32"), 100_000, 5, "evaluate", "evaluate"],
  ] as const)("%s", { timeout: 300_000 }, async (name, spec, steps, batch, mode, where) => {
    const { code } = await compile(spec);
    const result = await probe(code, steps, batch, mode);
    console.log(`${name}: ${result.steps} calls, ${result.gcs} GCs, heap growth ${result.heapGrowth} bytes`);
    if (mode === "skip") expect(result.skipped).toBeGreaterThanOrEqual(steps);
    expect(result.gcs).toBe(0);
    const leaky = plant(code, where);
    expect(leaky).toContain(SINK);
    const planted = await probe(leaky, steps, batch, mode);
    expect(planted.gcs, `${name}: one boxed double per ${where} call`).toBeGreaterThan(0);
  });

  // The WebAssembly target: the same calls, its JavaScript side (the input copies, the calls into the
  // instance) allocating nothing either; planted as one boxed double per step() or predictRows() call.
  it.each([
    ["xor", xor, 100_000, 4, "train", "step"],
    ["residual (graph form), predict 17 rows into a given array", residual, 34_000, 8, "predict", "predict"],
    // (modes: the inference graph's path; their trainStep is the JavaScript target's probe, xor's here)
    ["batch norm and dropout: evaluate (inference mode)", modesSpec("f32"), 100_000, 5, "evaluate", "evaluate"],
  ] as const)("wasm target: %s", { timeout: 300_000 }, async (name, spec, steps, batch, mode, where) => {
    const { code } = await compile(spec, { target: "wasm" });
    const result = await probe(code, steps, batch, mode);
    console.log(`wasm ${name}: ${result.steps} calls, ${result.gcs} GCs, heap growth ${result.heapGrowth} bytes`);
    expect(result.gcs).toBe(0);
    const leaky = plant(code, where);
    expect(leaky).toContain(SINK);
    const planted = await probe(leaky, steps, batch, mode);
    expect(planted.gcs, `wasm ${name}: one boxed double per ${where} call`).toBeGreaterThan(0);
  });
});
