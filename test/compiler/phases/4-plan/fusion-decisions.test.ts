// Fusion decisions on small graphs written in the IR text form, shapes the spec's networks do not
// produce today: two losses summed, a gradient that reads the loss or a backward value, targets
// transformed before the loss, a loss gradient computed before backward, a broadcast whose
// shape operand is a product or an elementwise value. For each graph:
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
import { emitModule } from "../../../../compiler/phases/5-emit/module.ts";
import { formatModule } from "../../../../compiler/phases/5-emit/format.ts";
import { metaFromGraph } from "../../../../compiler/phases/5-emit/meta.ts";
import { loadModule, type LoadedModule } from "../../../support/load-module.ts";
import { rng } from "../../../support/finite-diff.ts";
import { expectGolden } from "../../../support/golden.ts";

const MAX_BATCH = 5;

/** [title, IR text]. The gradients need not be the true derivatives: fused and unfused must agree. */
const GRAPHS: [string, string][] = [
  [
    // mse_grad and mae_grad each join the loss of their own kind (same op, same operands); %g reads
    // %g1, a backward value, so it cannot run in the loss loop of %g2 and stays a backward loop
    "two losses summed: each gradient joins its own loss",
    `graph twolosses(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %l1: f64[] = mse %o, %y
  %l2: f64[] = mae %o, %y
  %loss: f64[] = add %l1, %l2
  %g1: f64[n,2] = mse_grad %o, %y
  %g2: f64[n,2] = mae_grad %o, %y
  %g: f64[n,2] = add %g1, %g2
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // three squared errors: each gradient finds the loss with its own operands, an output (%o or
    // %o2, computed in the loss phase) and a target (%y or %ys)
    "three squared errors of different operands: each gradient finds its own loss",
    `graph terms(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %o2: f64[n,2] = affine %o {scale=3, shift=0}
  %ys: f64[n,2] = affine %y {scale=2, shift=-1}
  %l1: f64[] = mse %o, %y
  %l2: f64[] = mse %o2, %y
  %l3: f64[] = mse %o, %ys
  %l12: f64[] = add %l1, %l2
  %loss: f64[] = add %l12, %l3
  %g1: f64[n,2] = mse_grad %o, %y
  %g2: f64[n,2] = mse_grad %o2, %y
  %g3: f64[n,2] = mse_grad %o, %ys
  %g2s: f64[n,2] = affine %g2 {scale=3, shift=0}
  %g13: f64[n,2] = add %g1, %g3
  %g: f64[n,2] = add %g13, %g2s
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // %t1 (earlier) reads the later product %m2, %t2 reads the earlier %m1: the loop of %s is led by
    // the product computed last in the schedule (%m2), whatever order the tree lists its leaves in
    "two products feed one sum: the one computed last leads the loop",
    `graph products(%x: f64[n,3], %y: f64[n,2]; %w1: f64[3,2], %w2: f64[3,2]) {
  %m1: f64[n,2] = matmul %x, %w1 {ta=0, tb=0}
  %m2: f64[n,2] = matmul %x, %w2 {ta=0, tb=0}
  %t1: f64[n,2] = tanh %m2
  %t2: f64[n,2] = sigmoid %m1
  %s: f64[n,2] = add %t1, %t2
  %loss: f64[] = mse %s, %y
  %g: f64[n,2] = mse_grad %s, %y
  %g1: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  %g2: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %s
  loss %loss
  grad %w1 = %g1
  grad %w2 = %g2
}
`,
  ],
  [
    // the same gradient twice (the optimizer's CSE would merge them): the loss joins one loop only,
    // the other copy is a kernel of its own
    "a loss joins one loop only: a second copy of its gradient is a kernel",
    `graph twice(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %loss: f64[] = mse %o, %y
  %g1: f64[n,2] = mse_grad %o, %y
  %g2: f64[n,2] = mse_grad %o, %y
  %g: f64[n,2] = add %g1, %g2
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // %g reads %loss, which the loss loop finishes only at its end: %g is a loop of its own
    "a gradient scaled by the loss cannot run in the loss loop",
    `graph scaled(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %loss: f64[] = mse %o, %y
  %g1: f64[n,2] = mse_grad %o, %y
  %g: f64[n,2] = mul_scalar %g1, %loss
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // %ys is computed in the loss phase before the loss: the loss loop may read it, and the
    // gradient's elementwise tail (%g, reading only forward values) joins the loop
    "targets transformed before the loss: the loss loop reads them",
    `graph targets(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %ys: f64[n,2] = affine %y {scale=2, shift=-1}
  %loss: f64[] = mse %o, %ys
  %g1: f64[n,2] = mse_grad %o, %ys
  %g: f64[n,2] = mul %g1, %o
  %gw: f64[3,2] = matmul %x, %g {ta=1, tb=0}
  output %o
  loss %loss
  grad %w = %gw
}
`,
  ],
  [
    // %d, a loss gradient, is needed by the loss itself (loss phase): only backward loss
    // gradients join a loss loop, so %d is a kernel and %l0 a loss loop of its own
    "a loss gradient computed in the loss phase is not a loss loop",
    `graph early(%x: f64[n,3], %y: f64[n,2]; %w: f64[3,2]) {
  %o: f64[n,2] = matmul %x, %w {ta=0, tb=0}
  %l0: f64[] = mse %o, %y
  %d: f64[n,2] = mse_grad %o, %y
  %s: f64[] = mae %d, %y
  %loss: f64[] = add %l0, %s
  %g: f64[n,2] = mae_grad %d, %y
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
  %loss: f64[] = mse %out, %y
  %g: f64[n,3] = mse_grad %out, %y
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
  %loss: f64[] = mse %out, %y
  %g: f64[n,2,3] = mse_grad %out, %y
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
  %loss: f64[] = mse %out, %y
  %g: f64[n,2,3] = mse_grad %out, %y
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
    expect(() => checkFusion(g, planMemory(g, MAX_BATCH).groups)).not.toThrow();
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
    const g = graphOf(GRAPHS[4][1]);
    const { groups } = planMemory(g, MAX_BATCH);
    const [lossLoop] = groups.loss;
    const [scale, ...rest] = groups.backward;
    expect(scale.root.op).toBe("mul_scalar");
    const merged = {
      ...lossLoop,
      id: scale.id,
      root: scale.root,
      tail: scale.nodes,
      nodes: [...lossLoop.nodes, ...scale.nodes],
      writes: [lossLoop.loss!.id, scale.id],
    };
    expect(() => checkFusion(g, { ...groups, loss: [merged], backward: rest })).toThrow("fusion: %g reads %loss in the loop that sums it");
  });

  it("describes a product whose tiles are not chosen yet (fuse() alone) without tiles", () => {
    const g = graphOf(GRAPHS[0][1]);
    const groups = fuse(g, schedule(g));
    expect(describeGroup(groups.forward[0])).toBe("gemm %o = matmul");
  });
});
