// A reshape is a view: the plan gives it its input's storage and no loop, extends the input's
// lifetime over the view's reads, and the module computes the same numbers as with copies.
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../../../../compiler/ir/builder.ts";
import { lowerLossFunction } from "../../../../compiler/phases/1-lower/loss.ts";
import type { Graph } from "../../../../compiler/ir/graph.ts";
import { differentiate } from "../../../../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../../../../compiler/phases/3-optimize/index.ts";
import { planMemory } from "../../../../compiler/phases/4-plan/plan.ts";
import { PHASES } from "../../../../compiler/phases/4-plan/fuse.ts";
import { emitModule } from "../../../../compiler/backends/js/emit/module.ts";
import { formatModule } from "../../../../compiler/backends/js/emit/format.ts";
import { metaFromGraph } from "../../../../compiler/backends/js/emit/meta.ts";
import { loadModule } from "../../../support/load-module.ts";
import { rng } from "../../../support/finite-diff.ts";

/** x·w → reshape → reshape (a view of a view) → tanh → Σ over the last axis, and a reshaped parameter read in backward. */
function graph(): Graph {
  const b = new GraphBuilder("views", "f64");
  const x = b.input("x", ["n", 3, 4]);
  const w = b.param("w", [3, 4]);
  const v = b.param("v", [2, 6]);
  b.comment = "block";
  const h = b.mul(x, b.apply("broadcast", [w, x], {}, "wide"));
  const flat = b.apply("reshape", [h], { shape: [12] }, "flat");
  const grid = b.apply("reshape", [flat], { shape: [2, 6] }, "grid");
  const t = b.apply("tanh", [grid], {}, "t");
  const vv = b.apply("broadcast", [b.apply("reshape", [v], { shape: [12] }, "vflat"), flat], {}, "vwide");
  const u = b.mul(b.apply("reshape", [t], { shape: [12] }, "tflat"), vv);
  const out = b.apply("reduce_sum", [u], { axes: [1] }, "out");
  const target = b.input("target", ["n"]);
  const loss = lowerLossFunction(b, "mse", out, target, "loss");
  return b.finish(out.id, loss.id);
}

async function build(views: boolean) {
  const g = optimize(differentiate(graph()));
  const plan = planMemory(g, 4, { views });
  const code = await formatModule(emitModule(g, plan, metaFromGraph(g, { inputs: 1 })));
  return { g, plan, code, module: await loadModule(code) };
}

describe("a reshape is a view", () => {
  it("has its input's storage and no loop; the input lives as long as the view is read", async () => {
    const { g, plan } = await build(true);
    const reshapes = g.nodes.filter((n) => n.op === "reshape").map((n) => n.id);
    expect(reshapes.length).toBeGreaterThanOrEqual(4);
    expect([...plan.views.keys()].sort()).toEqual([...reshapes].sort());
    expect(plan.views.get("grid")).toBe(plan.views.get("flat")); // a view of a view reads the first one's input
    for (const [view, of] of plan.views) {
      expect(plan.views.has(of), `${view} views ${of}, itself a view`).toBe(false);
      expect(plan.storage.get(view), view).toEqual(plan.storage.get(of));
    }
    const groups = PHASES.flatMap((phase) => plan.groups[phase]);
    expect(groups.flatMap((gr) => gr.nodes).filter((n) => n.op === "reshape")).toEqual([]);
    // The viewed value's placement covers every step that reads one of its views.
    const steps = groups.map((gr) => gr.reads);
    for (const p of plan.placements) {
      const viewsOfIt = [...plan.views].filter(([, of]) => of === p.id).map(([view]) => view);
      steps.forEach((reads, i) => {
        if (reads.some((id) => viewsOfIt.includes(id))) expect(p.end, `${p.id} is read through a view at step ${i}`).toBeGreaterThanOrEqual(i);
      });
    }
  });

  it("emits no copy, and computes what the copies compute", async () => {
    const [viewed, copied] = await Promise.all([build(true), build(false)]);
    expect(copied.plan.views.size).toBe(0);
    const copies = (code: string) => (code.match(/reshaped/g) ?? []).length;
    expect(copies(copied.code)).toBeGreaterThan(0);
    expect(copies(viewed.code)).toBe(0);
    const next = rng(5);
    const batch = 3;
    const x = Float64Array.from({ length: batch * 12 }, () => 2 * next() - 1);
    const target = Float64Array.from({ length: batch }, () => next());
    const params = Float64Array.from({ length: viewed.module.layout.paramCount }, () => next() - 0.5);
    const run = ({ module }: typeof viewed) => {
      const model = new module.Model();
      model.params.set(params);
      const loss = model.loss(x, target, batch);
      model.backward();
      const first = Array.from(model.grads);
      model.backward(); // backward() may run again: what it reads is intact
      return { loss, grads: first, again: Array.from(model.grads), out: Array.from(model.forward(x, batch)) };
    };
    const a = run(viewed);
    const b = run(copied);
    expect(a.loss).toBe(b.loss);
    expect(a.grads).toEqual(b.grads);
    expect(a.again).toEqual(a.grads);
    expect(a.out).toEqual(b.out);
  });
});
