// Modules holding the pooling kernels (no spec layer makes them yet, so the emitted corpus does not
// reach them): prettier's text, allocation-free hot methods, the `!` marks where the parse-based
// marker puts them, and a clean type check, in float32 (float64 on each op's first geometry), on a geometry without padding
// and one channel (no clamp, a literal count, no channel loop) and one with TensorFlow's "same" pads
// and several channels.
import { beforeAll, describe, expect, it } from "vitest";
import { typecheckModules } from "../../../../support/typecheck-batch.ts";
import { expectFinalModule } from "../../../../support/emitted-checks.ts";
import { compileOpGraph } from "../../../../support/op-graph.ts";
import { POOLS, poolOps } from "../../../../support/nd-cases.ts";

// the first geometry (2×2 stride 2, valid, one channel) and the 3×3 stride 2 "same" one with two channels
const CASES = [POOLS[0]!, POOLS[2]!].flatMap((c) => poolOps(c).map((o) => ({ ...o, label: c.label })));

describe("modules with the pooling kernels", () => {
  // float32 on every geometry, float64 on the first of each op (a kernel's text differs only in its
  // typed arrays; the cnn example and the modes spec reach the f64 conv and pooling kernels in the
  // emitted corpus too)
  const firstOfOp = (c: (typeof CASES)[number]) => CASES.find((d) => d.op === c.op) === c;
  const modules = CASES.flatMap((c) => (firstOfOp(c) ? (["f32", "f64"] as const) : (["f32"] as const)).map((dtype) => ({ name: `${c.op} ${c.label} ${dtype}`, c, dtype })));
  // every module compiled once, and type-checked in one TypeScript program (one program per module took most of the time)
  const codes: string[] = [];
  let problems: string[][] = [];
  beforeAll(async () => {
    for (const m of modules) codes.push((await compileOpGraph(m.c, m.dtype, "pool")).code);
    problems = typecheckModules(codes);
  }, 300_000);
  it.each(modules.map((m, i) => [m.name, i] as const))("%s: formatted, allocation-free, marked, type-checked", async (_name, i) => {
    await expectFinalModule(codes[i]!);
    expect(problems[i]).toEqual([]);
  });
});
