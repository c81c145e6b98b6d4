// Fusion decisions on small graphs written in the IR text form (table-driven): a loss and its
// gradient in one loop, two losses summed, a gradient that reads the loss or a backward value,
// reductions over trailing axes with their trees or with an input read elsewhere, a broadcast
// whose shape operand is a product or an elementwise value. For each graph:
//  - the fused plan (and, for the first, the unfused one) is pinned in fusion-decisions.golden.txt,
//    so a changed decision shows in review;
//  - checkFusion holds (every node in one group, nothing read before it is written);
//  - the fused module computes what the unfused one computes (output, loss, every gradient), so a
//    decision that would read a value too early or drop a computation fails numerically too.
import { describe, expect, it } from "vitest";
import { parseGraph } from "../../../../compiler/ir/parse.ts";
import { verifyGraph } from "../../../../compiler/ir/verify.ts";
import type { Graph } from "../../../../compiler/ir/graph.ts";
import { planMemory } from "../../../../compiler/phases/4-plan/plan.ts";
import { checkFusion, fuse } from "../../../../compiler/phases/4-plan/fuse.ts";
import { formatPlan, describeGroup } from "../../../../compiler/phases/4-plan/report.ts";
import { schedule } from "../../../../compiler/phases/4-plan/schedule.ts";
import { emitModule } from "../../../../compiler/backends/js/emit/module.ts";
import { formatModule } from "../../../../compiler/backends/js/emit/format.ts";
import { metaFromGraph } from "../../../../compiler/backends/js/emit/meta.ts";
import { loadModule, type LoadedModule } from "../../../support/load-module.ts";
import { rng } from "../../../support/finite-diff.ts";
import { expectGolden } from "../../../support/golden.ts";

const MAX_BATCH = 5;

/** [title, IR text]. The gradients need not be the true derivatives: fused and unfused must agree. */
const GRAPHS: [string, string][] = [
  [
    // mse and its gradient as primitives: the loss phase's full reduction, the backward loop of the
    // gradient (2·d·∂L/∂L spread over the elements) and d = o − y, read by both, in one loop: d is
    // computed once per element, the seed once before the loop, nothing but the loss and %g stored
    "a loss and its gradient: one loop, the shared difference computed once",
    `graph mse(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %d: f64[n,2] = sub %o, %y
  %sq: f64[n,2] = square %d
  %loss: f64[] = reduce_mean %sq {axes=[0,1]}
  %one: f64[] = const {value=1}
  %s: f64[n,2] = broadcast_mean %one, %sq
  %d2: f64[n,2] = affine %d {scale=2, shift=0}
  %g: f64[n,2] = mul %s, %d2
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // two full reductions summed (mse + mae): the gradient reads %e, computed after %l1, so it
    // joins the loop of %l2 (ready there); %l1 still fuses with its own tree, %d stays stored
    "two losses summed: the gradient joins the loss loop it is ready for",
    `graph twolosses(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %d: f64[n,2] = sub %o, %y
  %sq: f64[n,2] = square %d
  %l1: f64[] = reduce_mean %sq {axes=[0,1]}
  %e: f64[n,2] = sub %o, %y
  %a: f64[n,2] = abs %e
  %l2: f64[] = reduce_mean %a {axes=[0,1]}
  %loss: f64[] = add %l1, %l2
  %one: f64[] = const {value=1}
  %s1: f64[n,2] = broadcast_mean %one, %sq
  %s2: f64[n,2] = broadcast_mean %one, %a
  %d2: f64[n,2] = affine %d {scale=2, shift=0}
  %g1: f64[n,2] = mul %s1, %d2
  %sg: f64[n,2] = sign %e
  %g2: f64[n,2] = mul %s2, %sg
  %g: f64[n,2] = add %g1, %g2
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // %g reads %loss, which the loss loop finishes only at its end: %g is a loop of its own, and
    // %sq, read by it through the seed's spread, only for its shape, is still never stored
    "a gradient scaled by the loss cannot run in the loss loop",
    `graph scaled(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %d: f64[n,2] = sub %o, %y
  %sq: f64[n,2] = square %d
  %loss: f64[] = reduce_mean %sq {axes=[0,1]}
  %s: f64[n,2] = broadcast_mean %loss, %sq
  %g: f64[n,2] = mul %s, %d
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // %g reads %h, a backward value (after a product of the backward pass): not ready before the
    // loss, so it stays a backward loop; the loss is a reduction loop with its tree
    "a gradient reading a backward value stays in the backward pass",
    `graph late(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2], %v: f64[2,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %d: f64[n,2] = sub %o, %y
  %sq: f64[n,2] = square %d
  %loss: f64[] = reduce_mean %sq {axes=[0,1]}
  %one: f64[] = const {value=1}
  %s: f64[n,2] = broadcast_mean %one, %sq
  %h: f64[n,2] = matmul %s, %v {ta=0, tb=0}
  %g: f64[n,2] = mul %h, %d
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  %gv: f64[2,2] = matmul %s, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
  grad %v = %gv
}
`,
  ],
  [
    // reductions over trailing axes (a row sum of y·o, a row max of o²) run one loop per row with
    // their trees; a reduction whose input is also read elsewhere (%t, read by %u) reads it stored
    "row reductions with their elementwise trees; a shared input is stored",
    `graph rows(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %p: f64[n,2] = mul %y, %o
  %r1: f64[n] = reduce_sum %p {axes=[1]}
  %q: f64[n,2] = square %o
  %r2: f64[n] = reduce_max %q {axes=[1]}
  %t: f64[n,2] = tanh %o
  %r3: f64[n] = reduce_sum %t {axes=[1]}
  %u: f64[n,2] = mul %t, %y
  %r4: f64[n] = reduce_sum %u {axes=[1]}
  %r12: f64[n] = add %r1, %r2
  %r34: f64[n] = add %r3, %r4
  %r: f64[n] = add %r12, %r34
  %loss: f64[] = reduce_mean %r {axes=[0]}
  %one: f64[] = const {value=1}
  %s: f64[n] = broadcast_mean %one, %r
  %s1: f64[n,1] = reshape %s {shape=[1]}
  %sb: f64[n,2] = broadcast %s1, %o
  %g: f64[n,2] = mul %sb, %y
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // a broadcast reads only the shape of its second operand: %m (a product) does not lead its
    // loop, %t (elementwise) is not fused into it, and neither is read by it (their buffers die
    // where they are written); %b and %c are read as columns of %v, never stored
    "a broadcast reads the shape of its second operand, not its values",
    `graph bcast(%x: f64[n,3], %y: f64[n,3]; %w: f64[3,3], %v: f64[3]) {
  %m: f64[n,3] = matmul %x, %w {ta=0, tb=0}
  %b: f64[n,3] = broadcast %v, %m
  %t: f64[n,3] = tanh %x
  %c: f64[n,3] = broadcast %v, %t
  %h: f64[n,3] = mul %b, %c
  %out: f64[n,3] = add %h, %x
  %e: f64[n,3] = sub %out, %y
  %sq: f64[n,3] = square %e
  %loss: f64[] = reduce_mean %sq {axes=[0,1]}
  %g: f64[n,3] = affine %e {scale=2, shift=0}
  %gv: f64[3] = reduce_sum %g {axes=[0]}
  %gx: f64[n,3] = mul %g, %out
  %gw: f64[3,3] = matmul %x, %gx {ta=1, tb=0}
  output %out
  loss %loss
  grad %w = %gw
  grad %v = %gv
}
`,
  ],
  [
    // the product's epilogue indexes columns of its own width (3): a bias over the last two axes
    // ([2,3], 6 columns) is added in an elementwise loop after the product instead
    "a column wider than the product's rows is not its epilogue",
    `graph widecolumn(%x: f64[n,2,3], %y: f64[n,2,3]; %w: f64[3,3], %u: f64[2,3]) {
  %m: f64[n,2,3] = dot_general %x, %w {lb=[], rb=[], lc=[2], rc=[0]}
  %bu: f64[n,2,3] = broadcast %u, %m
  %out: f64[n,2,3] = add %m, %bu
  %e: f64[n,2,3] = sub %out, %y
  %sq: f64[n,2,3] = square %e
  %loss: f64[] = reduce_mean %sq {axes=[0,1,2]}
  %g: f64[n,2,3] = affine %e {scale=2, shift=0}
  %gu: f64[2,3] = reduce_sum %g {axes=[0]}
  %gw: f64[3,3] = dot_general %x, %g {lb=[], rb=[], lc=[0,1], rc=[0,1]}
  output %out
  loss %loss
  grad %w = %gw
  grad %u = %gu
}
`,
  ],
  [
    // a loop reads columns of one shape: %bv ([3]) is read in place, %bu ([2,3]) is then stored by
    // a kernel of its own; the product takes the rest as its epilogue
    "one loop reads columns of one shape",
    `graph twocolumns(%x: f64[n,2,3], %y: f64[n,2,3]; %w: f64[3,3], %u: f64[2,3], %v: f64[3]) {
  %m: f64[n,2,3] = dot_general %x, %w {lb=[], rb=[], lc=[2], rc=[0]}
  %bu: f64[n,2,3] = broadcast %u, %m
  %s: f64[n,2,3] = add %m, %bu
  %bv: f64[n,2,3] = broadcast %v, %x
  %out: f64[n,2,3] = add %s, %bv
  %e: f64[n,2,3] = sub %out, %y
  %sq: f64[n,2,3] = square %e
  %loss: f64[] = reduce_mean %sq {axes=[0,1,2]}
  %g: f64[n,2,3] = affine %e {scale=2, shift=0}
  %gu: f64[2,3] = reduce_sum %g {axes=[0]}
  %gv: f64[3] = reduce_sum %g {axes=[0,1]}
  %gw: f64[3,3] = dot_general %x, %g {lb=[], rb=[], lc=[0,1], rc=[0,1]}
  output %out
  loss %loss
  grad %w = %gw
  grad %u = %gu
  grad %v = %gv
}
`,
  ],
  [
    // a convolution (an op with `epilogue`) with its bias and activation as the epilogue of its
    // kernel: one kernel group stores %r only (silu reads z twice: a temporary per element)
    "a convolution's bias and activation: the kernel's epilogue, one store",
    `graph convbias(%x: f64[n,4,6,2], %y: f64[n,4,6,5]; %k: f64[3,3,2,5], %b: f64[5]) {
  %c: f64[n,4,6,5] = conv2d %x, %k {strides=[1,1], dilations=[1,1], pads=[1,1,1,1]}
  %bb: f64[n,4,6,5] = broadcast %b, %c
  %z: f64[n,4,6,5] = add %c, %bb
  %r: f64[n,4,6,5] = silu %z
  %d: f64[n,4,6,5] = sub %r, %y
  %sq: f64[n,4,6,5] = square %d
  %loss: f64[] = reduce_mean %sq {axes=[0,1,2,3]}
  %gk: f64[3,3,2,5] = conv2d_kernel_grad %x, %d {strides=[1,1], dilations=[1,1], pads=[1,1,1,1], kernelShape=[3,3,2,5]}
  %gb: f64[5] = reduce_sum %d {axes=[0,1,2]}
  output %r
  loss %loss
  grad %k = %gk
  grad %b = %gb
}
`,
  ],
];

const graphOf = (text: string): Graph => {
  const g = parseGraph(text);
  verifyGraph(g);
  return g;
};

async function build(g: Graph, fuse: boolean): Promise<LoadedModule> {
  const meta = metaFromGraph(g, { maxBatch: MAX_BATCH, inputs: 1 });
  return loadModule(await formatModule(emitModule(g, planMemory(g, MAX_BATCH, { fuse }), meta)));
}

describe("fusion decisions on hand-written graphs", () => {
  it("pins each graph's fused plan (and the first graph's unfused plan) in fusion-decisions.golden.txt", () => {
    const texts = GRAPHS.map(([title, text]) => {
      const g = graphOf(text);
      return `## ${title}\n${formatPlan(g, planMemory(g, MAX_BATCH), 8)}`;
    });
    const first = graphOf(GRAPHS[0][1]);
    texts.push(`## unfused: ${GRAPHS[0][0]}\n${formatPlan(first, planMemory(first, MAX_BATCH, { fuse: false }), 8)}`);
    expectGolden(new URL("./fusion-decisions.golden.txt", import.meta.url), texts.join("\n"));
  });

  it.each(GRAPHS)("%s: every node in one group, nothing read before it is written", (_title, text) => {
    const g = graphOf(text);
    const plan = planMemory(g, MAX_BATCH);
    expect(() => checkFusion(g, plan.groups, plan.views)).not.toThrow();
  });

  it.each(GRAPHS)("%s: the fused module computes what the unfused one does", { timeout: 60_000 }, async (_title, text) => {
    const g = graphOf(text);
    const [fused, unfused] = [await build(g, true), await build(g, false)];
    const a = new fused.Model({ seed: 3 });
    const b = new unfused.Model({ seed: 3 });
    b.params.set(a.params);
    const batch = 4;
    const next = rng(11);
    const rowSize = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
    const x = Float64Array.from({ length: batch * rowSize(fused.layout.inputs[0].shape) }, () => 2 * next() - 1);
    const y = Float64Array.from({ length: batch * rowSize(fused.layout.targets[0].shape) }, () => 2 * next() - 1);
    // Fusion reorders no sum here but may evaluate a·b·c in another association: rounding only
    // (a few ε = 2.2e-16 per value); 1e-13 of the scale of each result, relative.
    const close = (p: ArrayLike<number>, q: ArrayLike<number>) => {
      const scale = Math.max(1e-300, ...Array.from(q, Math.abs));
      for (let i = 0; i < q.length; i++) expect(Math.abs(p[i] - q[i]), `element ${i}`).toBeLessThanOrEqual(1e-13 * scale);
    };
    close([a.loss(x, y, batch)], [b.loss(x, y, batch)]);
    a.backward();
    b.backward();
    close(a.grads, b.grads);
    expect(Array.from(a.grads).some((v) => v !== 0)).toBe(true);
    // backward() again (every forward value it reads must still be intact)
    a.backward();
    close(a.grads, b.grads);
    const rows = batch * rowSize(fused.layout.outputs[0].shape);
    close(a.forward(x, batch).subarray(0, rows), b.forward(x, batch).subarray(0, rows));
  });

  it("checkFusion refuses a loss loop whose tail reads its own loss (what this planner once did)", () => {
    const g = graphOf(GRAPHS[2][1]);
    const { groups } = planMemory(g, MAX_BATCH);
    const lossLoop = groups.loss.find((gr) => gr.kind === "reduction")!;
    const scale = groups.backward.find((gr) => gr.reads.includes("loss"))!;
    const merged = {
      ...lossLoop,
      kind: "loss" as const,
      loss: lossLoop.head,
      id: scale.id,
      root: scale.root,
      tail: [...lossLoop.tail, ...scale.nodes],
      nodes: [...lossLoop.nodes, ...scale.nodes],
      writes: [lossLoop.head!.id, scale.id],
    };
    const rest = groups.backward.filter((gr) => gr !== scale);
    const loss = groups.loss.map((gr) => (gr === lossLoop ? merged : gr));
    expect(() => checkFusion(g, { ...groups, loss, backward: rest })).toThrow(`fusion: %${scale.id} reads %loss in the loop that sums it`);
  });

  it("describes a product whose tiles are not chosen yet (fuse() alone) without tiles", () => {
    const g = graphOf(GRAPHS[0][1]);
    const groups = fuse(g, schedule(g));
    expect(describeGroup(groups.forward[0])).toBe("gemm %o = matmul");
  });
});
