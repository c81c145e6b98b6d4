// Modules holding the conv2d and depthwise_conv2d families' kernels (op graphs: no spec layer makes them all, so the emitted corpus
// does not reach them): prettier's text, allocation-free hot methods, the `!` marks where the
// parse-based marker puts them, and a clean type check, in float32 and float64, on geometries with
// and without padding, one channel or filter (no loop) and several.
import { describe, expect, it } from "vitest";
import { typecheckModules } from "../../../../support/typecheck-batch.ts";
import { expectFinalModule } from "../../../../support/emitted-checks.ts";
import { compileOpGraph } from "../../../../support/op-graph.ts";
import { CONVS, convOps } from "../../../../support/nd-cases.ts";

// the first geometry (one channel, one filter, no padding) and the stride-and-dilation one with
// asymmetric padding and three channels and filters; depthwise also on three channels by one
// multiplier (a channel loop alone) and by two with a constant leading dimension
const CASES = [
  ...[CONVS[0]!, CONVS[4]!].flatMap((c) => convOps(c).map((o) => ({ ...o, label: c.label }))),
  ...[CONVS[0]!, CONVS[4]!, CONVS[6]!, CONVS[8]!].flatMap((c) => convOps(c, "depthwise_conv2d").map((o) => ({ ...o, label: c.label }))),
];

describe("modules with the conv2d and depthwise_conv2d families' kernels", () => {
  it.each(CASES.flatMap((c) => (["f32", "f64"] as const).map((dtype) => [`${c.op} ${c.label} ${dtype}`, c, dtype] as const)))(
    "%s: formatted, allocation-free, marked, type-checked",
    async (_name, c, dtype) => {
      const { code } = await compileOpGraph(c, dtype, "conv");
      await expectFinalModule(code);
      expect(typecheckModules([code])).toEqual([[]]);
    },
  );
});
