// The memory plan as text (`tapeless inspect --plan`), pinned for every example in
// report.golden.txt: the fused loops of each phase with their tiles and epilogues, what is never
// stored, and every arena buffer with its offset, length, lifetime and whether it shares memory.
// A reviewer sees any change to fusion or to the arena in this file's diff.
import { describe, it } from "vitest";
import { compile } from "../../../../src/index.ts";
import { exampleSpecs } from "../../../support/examples.ts";
import { expectGolden } from "../../../support/golden.ts";
import { SHARED_GRADIENTS_SPEC } from "../../../support/shared-gradients.ts";

describe("formatPlan", () => {
  it("describes every example's plan as in report.golden.txt", async () => {
    const texts: string[] = [];
    for (const [file, spec] of [...(await exampleSpecs()), ["shared gradients", SHARED_GRADIENTS_SPEC] as const]) texts.push(`## ${file}\n${(await compile(spec)).plan}`);
    expectGolden(new URL("./report.golden.txt", import.meta.url), texts.join("\n"));
  });
});
