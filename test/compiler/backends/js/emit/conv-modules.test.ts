// Modules holding the conv2d and depthwise_conv2d families' kernels (op graphs: no spec layer makes them all, so the emitted corpus
// does not reach them): prettier's text, allocation-free hot methods, the `!` marks where the
// parse-based marker puts them, and a clean type check, in float32 (float64 on each op's first geometry), on geometries with
// and without padding, one channel or filter (no loop) and several.
import { beforeAll, describe, expect, it } from "vitest";
import { typecheckModules } from "../../../../support/typecheck-batch.ts";
import { expectFinalModule } from "../../../../support/emitted-checks.ts";
import { compileOpGraph } from "../../../../support/op-graph.ts";
import { CONVS, convOps } from "../../../../support/nd-cases.ts";
import { compile } from "../../../../../src/index.ts";

// the first geometry (one channel, one filter, no padding), the stride-and-dilation one with
// asymmetric padding and three channels and filters, and two with full register tiles and their
// remainders (pixels, filters, channels; strided); depthwise also on three channels by one
// multiplier (a channel loop alone) and by two with a constant leading dimension
const CASES = [
  ...[CONVS[0]!, CONVS[4]!, CONVS[9]!, CONVS[10]!].flatMap((c) => convOps(c).map((o) => ({ ...o, label: c.label }))),
  ...[CONVS[0]!, CONVS[4]!, CONVS[6]!, CONVS[8]!].flatMap((c) => convOps(c, "depthwise_conv2d").map((o) => ({ ...o, label: c.label }))),
];

describe("modules with the conv2d and depthwise_conv2d families' kernels", () => {
  // float32 on every geometry, float64 on the first of each op (a kernel's text differs only in its
  // typed arrays; the cnn example and the modes spec reach the f64 conv and pooling kernels in the
  // emitted corpus too)
  const firstOfOp = (c: (typeof CASES)[number]) => CASES.find((d) => d.op === c.op) === c;
  const modules = CASES.flatMap((c) => (firstOfOp(c) ? (["f32", "f64"] as const) : (["f32"] as const)).map((dtype) => ({ name: `${c.op} ${c.label} ${dtype}`, c, dtype })));
  // every module compiled once, and type-checked in one TypeScript program (one program per module took most of the time)
  const codes: string[] = [];
  let problems: string[][] = [];
  beforeAll(async () => {
    for (const m of modules) codes.push((await compileOpGraph(m.c, m.dtype, "conv")).code);
    problems = typecheckModules(codes);
  }, 300_000);
  it.each(modules.map((m, i) => [m.name, i] as const))("%s: formatted, allocation-free, marked, type-checked", async (_name, i) => {
    await expectFinalModule(codes[i]!);
    expect(problems[i]).toEqual([]);
  });
});

// conv2d layers whose bias and activation run as the kernel's epilogue (the store applies them):
// relu and leakyRelu (z read twice: a temporary per element, each store in a block),
// one channel and several, tiles and their remainders; the plan says so and the module passes
// the same checks.
describe("conv2d layers with the bias and activation in the kernel's epilogue", () => {
  const spec = (activation: string, input: number[], filters: number) => ({
    name: "m",
    inputs: { x: input },
    targets: { y: [2] },
    layers: [{ type: "conv2d", filters, kernelSize: 3, padding: "same", activation }, { type: "flatten" }, { type: "dense", units: 2 }],
    loss: { type: "mse" },
  });
  it.each([
    ["relu", [6, 7, 1], 6],
    ["leakyRelu", [5, 9, 5], 3],
  ] as const)("%s on %j, %i filters: fused, formatted, allocation-free, marked, type-checked", async (activation, input, filters) => {
    const { code, plan } = await compile(spec(activation, [...input], filters) as Parameters<typeof compile>[0]);
    expect(plan).toMatch(new RegExp(`kernel %conv2d1 = conv2d \\+ epilogue broadcast → add → ${activation === "leakyRelu" ? "leaky_relu" : activation}`));
    await expectFinalModule(code);
    expect(typecheckModules([code])).toEqual([[]]);
  });
});
