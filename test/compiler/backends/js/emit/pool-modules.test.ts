// Modules holding the pooling kernels (no spec layer makes them yet, so the emitted corpus does not
// reach them): prettier's text, allocation-free hot methods, the `!` marks where the parse-based
// marker puts them, and a clean type check, in float32 and float64, on a geometry without padding
// and one channel (no clamp, a literal count, no channel loop) and one with TensorFlow's "same" pads
// and several channels.
import { describe, expect, it } from "vitest";
import { typecheckModules } from "../../../../support/typecheck-batch.ts";
import { expectFinalModule } from "../../../../support/emitted-checks.ts";
import { compileOpGraph } from "../../../../support/op-graph.ts";
import { POOLS, poolOps } from "../../../../support/nd-cases.ts";

// the first geometry (2×2 stride 2, valid, one channel) and the 3×3 stride 2 "same" one with two channels
const CASES = [POOLS[0]!, POOLS[2]!].flatMap((c) => poolOps(c).map((o) => ({ ...o, label: c.label })));

describe("modules with the pooling kernels", () => {
  it.each(CASES.flatMap((c) => (["f32", "f64"] as const).map((dtype) => [`${c.op} ${c.label} ${dtype}`, c, dtype] as const)))(
    "%s: formatted, allocation-free, marked, type-checked",
    async (_name, c, dtype) => {
      const { code } = await compileOpGraph(c, dtype, "pool");
      await expectFinalModule(code);
      expect(typecheckModules([code])).toEqual([[]]);
    },
  );
});
