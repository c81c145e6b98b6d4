// Fusion and memory planning decisions: which nodes share a loop, which intermediates are never
// stored, what the loss loop computes, that buffers live at the same time never overlap (checked
// by replaying the schedule, backward twice), and that `inspect --plan` states the decisions.
import { describe, expect, it } from "vitest";
import { validateSpec } from "../../../../src/index.ts";
import { lower } from "../../../../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../../../../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../../../../compiler/phases/3-optimize/index.ts";
import { planMemory, type Plan } from "../../../../compiler/phases/4-plan/plan.ts";
import { checkFusion, PHASES, type Group } from "../../../../compiler/phases/4-plan/fuse.ts";
import { formatPlan } from "../../../../compiler/phases/4-plan/report.ts";
import { chooseTiles } from "../../../../compiler/phases/4-plan/tiles.ts";
import type { Graph } from "../../../../compiler/ir/graph.ts";
import { exampleSpecs } from "../../../support/examples.ts";
import mnist from "../../../../examples/mnist.net.ts";
import xor from "../../../../examples/xor.net.ts";
import residual from "../../../../examples/residual.net.ts";
import { ROWS_SPEC } from "../../../support/rows-spec.ts";

function planOf(spec: unknown, fuse = true): { g: Graph; plan: Plan } {
  const normalized = validateSpec(spec);
  const g = optimize(differentiate(lower(normalized).graph));
  return { g, plan: planMemory(g, normalized.maxBatch, { fuse }) };
}

const summary = (gr: Group) => `${gr.kind} ${gr.id}: ${gr.nodes.map((n) => n.op).join(" ")}`;

/**
 * Replays forward, loss, backward, backward: every value read must still be in its arena cells
 * (nothing written since overlapped them). Inputs, parameters and gradients live elsewhere.
 */
function replay(plan: Plan): void {
  // (a typed owner table: the transformer's arena has a million cells)
  const owner = new Int32Array(plan.arenaSize).fill(-1);
  const ids = new Map<string, number>();
  const idOf = (id: string) => ids.get(id) ?? (ids.set(id, ids.size), ids.size - 1);
  const run = (groups: readonly Group[]) => {
    for (const gr of groups) {
      for (const read of gr.reads) {
        const id = plan.views.get(read) ?? read; // a view reads its base's cells
        const s = plan.storage.get(id);
        if (s?.kind !== "arena") continue;
        const want = idOf(id);
        for (let k = s.offset; k < s.offset + s.length; k++) {
          if (owner[k] !== want) expect.fail(`%${id} was overwritten before %${gr.id} reads it (cell ${k})`);
        }
      }
      for (const id of gr.writes) {
        const s = plan.storage.get(id);
        if (s?.kind === "arena") owner.fill(idOf(id), s.offset, s.offset + s.length);
      }
    }
  };
  run(plan.groups.forward);
  run(plan.groups.loss);
  run(plan.groups.backward);
  run(plan.groups.backward); // backward() may be called twice after one loss()
}

describe("fusion", () => {
  it("mnist: bias and relu in the forward product's epilogue, the relu mask in the input gradient's", () => {
    const { plan } = planOf(mnist);
    expect(plan.groups.forward.map(summary)).toEqual([
      "gemm dense1: matmul broadcast add relu",
      "gemm dense2: matmul broadcast add",
      "kernel output: softmax",
    ]);
    // one loop: per row, the cross-entropy's row reductions (log Σ exp read off the softmax
    // output: max z, max p; Σ y, Σ y·z) side by side in an inner loop, then the row's loss and the
    // gradient's per-row factors, the mean over rows accumulated
    expect(plan.groups.loss.map((gr) => `${gr.kind} ${gr.head!.op}`)).toEqual(["loss reduce_mean"]);
    const rows = plan.groups.loss[0].inner!;
    expect(rows.map((gr) => `${gr.head!.op}(${gr.head!.inputs[0]})`)).toEqual(["reduce_max(dense2)", "reduce_max(output)", "reduce_sum(y)", `reduce_sum(${rows[3].tail[0]?.id})`]);
    expect(rows[3].tail.map((n) => n.op)).toEqual(["mul"]);
    for (const gr of rows) for (const id of gr.writes) expect(plan.storage.has(id)).toBe(false);
    const backward = plan.groups.backward.map(summary);
    expect(backward.some((s) => /^gemm \d+: matmul step mul$/.test(s))).toBe(true);
    // the pre-activations, raw products and biases repeated over rows are never stored
    for (const id of ["dense1.xW", "dense1.biasRows", "dense1.z", "dense2.xW", "dense2.biasRows"]) expect(plan.storage.has(id)).toBe(false);
    // the derivative mask reads the activation, not z (reuse-activation pass)
    const mask = plan.groups.backward.flatMap((gr) => gr.nodes).find((n) => n.op === "step")!;
    expect(mask.inputs).toEqual(["dense1"]);
  });

  it("rows: the loss loop over [n] nests the reductions of [n, 4] its per-sample value reads", () => {
    const { g, plan } = planOf(ROWS_SPEC);
    checkFusion(g, plan.groups, plan.views);
    const loss = plan.groups.loss.find((gr) => gr.head?.id === "loss")!;
    expect(loss.head!.op).toBe("reduce_mean");
    // meanR = mean of r = m ⊙ top (the product computed per element of the row), sumM = Σ m
    expect(loss.inner!.map((gr) => `${gr.head!.id}: ${gr.head!.op}(${gr.tail.map((n) => n.op).join(", ")})`)).toEqual(["meanR: reduce_mean(mul)", "sumM: reduce_sum()"]);
    // nested values are never stored; the rows they reduce (m, top: reductions of [n, 4, 3]) are
    for (const id of ["meanR", "sumM", "r", "perSample"]) expect(plan.storage.has(id)).toBe(false);
    for (const id of ["m", "top"]) expect(plan.storage.has(id)).toBe(true);
  });

  it("xor: mse, its gradient and the sigmoid derivative in one loop in the loss phase", () => {
    const { plan } = planOf(xor);
    const [lossGroup] = plan.groups.loss;
    expect(lossGroup.kind).toBe("loss");
    expect(lossGroup.nodes.map((n) => n.op)).toEqual(["sub", "square", "reduce_mean", "const", "broadcast_mean", "affine", "mul", "affine", "mul", "mul"]);
    expect(lossGroup.writes).toEqual(["loss", lossGroup.root.id]);
    expect(plan.groups.backward.map((gr) => gr.kind)).toEqual(["kernel", "gemm", "gemm", "kernel", "gemm"]);
  });

  it("residual: the fan-out sum is part of an input-gradient product's epilogue", () => {
    const { plan } = planOf(residual);
    const sum = plan.groups.backward.find((gr) => gr.nodes.some((n) => n.op === "add"))!;
    expect(sum.kind).toBe("gemm");
  });

  it("every example: each node in one group, reads written before; arena replay is clean", async () => {
    for (const [, spec] of await exampleSpecs()) {
      for (const fuse of [true, false]) {
        const { g, plan } = planOf(spec, fuse);
        checkFusion(g, plan.groups, plan.views);
        replay(plan);
        expect(plan.arenaSize).toBeLessThanOrEqual(plan.fusedSize);
        expect(plan.fusedSize).toBeLessThanOrEqual(plan.naiveSize);
      }
    }
  });

  it("fusion stores fewer values; with sharing the arena is under half of one buffer per IR value", () => {
    for (const spec of [mnist, xor, residual]) {
      const fused = planOf(spec).plan;
      const unfused = planOf(spec, false).plan;
      expect(fused.naiveSize).toBe(unfused.naiveSize);
      expect(fused.fusedSize).toBeLessThan(unfused.fusedSize);
      expect(fused.arenaSize).toBeLessThanOrEqual(fused.fusedSize);
      expect(fused.arenaSize).toBeLessThan(fused.naiveSize / 2);
    }
    // (An epilogue reads its operands where the fused loop runs, later than the unfused op would:
    // for the residual net that costs 8 elements of sharing, 0.5% of its arena.)
    expect(planOf(mnist).plan.arenaSize).toBeLessThan(planOf(mnist, false).plan.arenaSize);
    expect(planOf(xor).plan.arenaSize).toBeLessThan(planOf(xor, false).plan.arenaSize);
  });

  it("placement: kept buffers at the bottom, short-lived ones share what is left", () => {
    const { plan } = planOf(mnist);
    expect(plan.arenaSize).toBeLessThan(plan.fusedSize);
    const dense2 = plan.placements.find((p) => p.id === "dense2")!;
    const overlaps = (p: typeof dense2) => p !== dense2 && p.offset < dense2.offset + dense2.length && dense2.offset < p.offset + p.length;
    expect(plan.placements.some(overlaps)).toBe(true); // disjoint lifetimes, same memory
  });

  it("unfused: one group per node, in schedule order", () => {
    const { g, plan } = planOf(mnist, false);
    const groups = PHASES.flatMap((p) => plan.groups[p]);
    expect(groups.length).toBe(g.nodes.length);
    expect(groups.every((gr) => gr.nodes.length === 1)).toBe(true);
  });

  it("inspect --plan states the fusion decisions, tiles and savings", () => {
    const { g, plan } = planOf(mnist);
    const text = formatPlan(g, plan, 4);
    // the tile the plan chose for [n, 784]·[784, 128] at maxBatch 64 (measured: tile-table.ts)
    const { ri, rj } = chooseTiles("n", 128, 784, 64, true, { ta: false, tb: false });
    expect(text).toContain(`gemm %dense1 = matmul (${ri}×${rj} tiles) + epilogue broadcast → add → relu; not stored: %dense1.xW, %dense1.biasRows, %dense1.z`);
    expect(text).toMatch(/loss %loss, .* = reduce_mean of log → sub → mul → sub over rows of reduce_max, reduce_max, reduce_sum, reduce_sum\(mul\) with const → broadcast_mean → .* in one loop/);
    expect(text).toMatch(/arena \d+ elements .*one buffer per IR value \d+ elements/);
  });
});
