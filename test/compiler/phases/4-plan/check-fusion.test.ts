// checkFusion, the fusion invariant the plan tests rely on, refuses each way a fused schedule can
// be broken: a node in no group, a node in two groups, a group reading a value before any group
// writes it. (A checker that never fires would let every fusion test pass vacuously.)
import { describe, expect, it } from "vitest";
import { validateSpec } from "../../../../src/index.ts";
import { lower } from "../../../../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../../../../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../../../../compiler/phases/3-optimize/index.ts";
import { planMemory } from "../../../../compiler/phases/4-plan/plan.ts";
import { checkFusion, type FusedSchedule, type Group } from "../../../../compiler/phases/4-plan/fuse.ts";
import mnist from "../../../../examples/mnist.net.ts";

function mnistSchedule() {
  const normalized = validateSpec(mnist);
  const g = optimize(differentiate(lower(normalized).graph));
  const plan = planMemory(g, normalized.maxBatch);
  return { g, fused: plan.groups, views: plan.views };
}

describe("checkFusion", () => {
  it("accepts the planner's schedule", () => {
    const { g, fused, views } = mnistSchedule();
    expect(() => checkFusion(g, fused, views)).not.toThrow();
  });

  it("refuses a node that is in no group", () => {
    const { g, fused, views } = mnistSchedule();
    const dropped = fused.backward[fused.backward.length - 1];
    const broken: FusedSchedule = { ...fused, backward: fused.backward.slice(0, -1) };
    expect(() => checkFusion(g, broken, views)).toThrow(`fusion: %${dropped.nodes[0].id} is in no group`);
  });

  it("refuses a node that is in two groups", () => {
    const { g, fused, views } = mnistSchedule();
    const twice = fused.forward[0];
    const broken: FusedSchedule = { ...fused, backward: [...fused.backward, twice] };
    expect(() => checkFusion(g, broken, views)).toThrow(`fusion: %${twice.nodes[0].id} is in two groups`);
  });

  it("refuses a group that reads a value before it is written", () => {
    const { g, fused, views } = mnistSchedule();
    const [first, second, ...rest] = fused.forward;
    const read = second.reads.find((id) => first.writes.includes(id))!;
    const broken: FusedSchedule = { ...fused, forward: [second, first, ...rest] };
    expect(() => checkFusion(g, broken, views)).toThrow(`fusion: %${second.id} reads %${read} before it is written`);
  });

  it.each([
    ["a node of another shape in a reduction loop", (gr: Group, fused: FusedSchedule) => ({ ...gr, tail: [...gr.tail, fused.forward[0].nodes[0]] }), "cannot compute %dense1.xW per element"],
    ["a loss loop whose reduction keeps an axis", (gr: Group) => ({ ...gr, head: gr.inner![3].head }), "cannot compute"],
    ["a nested reduction that is not one per element of the loop", (gr: Group) => ({ ...gr, inner: [...gr.inner!, { ...gr, inner: undefined }] }), "cannot nest"],
    ["a loss loop outside the loss phase", (gr: Group) => ({ ...gr, phase: "backward" as const }), "must sum its loss %loss to a scalar in the loss phase"],
  ])("refuses %s", (_what, change, message) => {
    const { g, fused, views } = mnistSchedule();
    const loss = fused.loss.map((gr) => (gr.kind === "loss" ? change(gr, fused) : gr));
    expect(() => checkFusion(g, { ...fused, loss }, views)).toThrow(message);
  });
});
