// The inspector's data for every example: each loop's lines hold the comments of exactly its
// nodes (the text the emitter wrote), loops never overlap, and every line the page links to a
// node points back into that node's loop.
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../compiler/index.ts";
import { PHASES } from "../../compiler/phases/4-plan/fuse.ts";
import { nodeComment } from "../../compiler/backends/js/emit/blocks.ts";
import { pageData } from "../../src/inspect/model.ts";
import { validateSpec } from "../../src/spec/validate.ts";
import { exampleSpecs } from "../support/examples.ts";

const examples = await exampleSpecs();

describe.each(examples)("inspector data of %s", async (_, spec) => {
  const normalized = validateSpec(spec);
  const compiled = await compileSpec(normalized);
  const data = pageData(normalized.name, compiled);
  const lines = compiled.code.split("\n");
  const groups = PHASES.flatMap((p) => compiled.memoryPlan.groups[p]);

  it("one entry per IR value; one loop per fused group, in plan order", () => {
    const g = compiled.graph;
    expect(data.nodes.map((n) => n.id)).toEqual([...g.inputs, ...g.params, ...(g.state ?? []), ...g.nodes].map((v) => v.id));
    expect(data.loops.map((l) => l.root)).toEqual(groups.map((gr) => gr.root.id));
  });

  it("a node's own lines are the emitter's comment for it, inside its loop's block", () => {
    for (const n of data.nodes.filter((m) => m.loop !== undefined)) {
      const gr = groups[n.loop!]!;
      const text = `// ${nodeComment(compiled.graph.nodes.find((m) => m.id === n.id)!, gr, gr.phase === "backward" ? "rule" : "formula")}`;
      const block = data.loops[n.loop!]!.lines[0]!;
      for (const l of n.own) {
        expect(lines[l - 1]!.trim()).toBe(text);
        expect(l).toBeGreaterThanOrEqual(block.from);
        expect(l).toBeLessThanOrEqual(block.to);
      }
    }
    // every group shows at least one of its nodes' comments
    data.loops.forEach((loop) => expect(data.nodes.some((n) => n.loop === loop.step && n.own.length > 0)).toBe(true));
  });

  it("blocks do not overlap, and each linked line selects a node of that block's loop", () => {
    const blocks = data.loops.map((l) => l.lines[0]!).sort((a, b) => a.from - b.from);
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.from).toBeGreaterThan(blocks[i - 1]!.to);
    data.loops.forEach((loop) => {
      const b = loop.lines[0]!;
      for (let l = b.from; l <= b.to; l++) expect(data.nodes[data.lineNode[l]!]!.loop).toBe(loop.step);
    });
  });
});
