// The fast tests that cover compiler/ops, 2-autodiff, 4-plan and the optimizer emitter in-process:
// StrykerJS (stryker.config.mjs) runs these against every mutant, so slow suites stay out.
// (Not mergeConfig: it would concatenate `include` with the full suite's.)
import { defineConfig } from "vitest/config";
import base from "../../vitest.config.ts";

export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    // One module graph for every file of a run: Stryker runs one worker and re-runs files per mutant;
    // importing the compiler once per file was most of each run's time.
    isolate: false,
    include: [
      "test/examples/memory-reuse.test.ts",
      "test/compiler/ops/*.test.ts",
      "test/compiler/phases/2-autodiff/*.test.ts",
      "test/compiler/phases/4-plan/*.test.ts",
      "test/compiler/phases/5-emit/optimizer*.test.ts",
      "test/compiler/phases/3-optimize/passes.test.ts",
      "test/compiler/ir/*.test.ts",
      // generated/ pins the examples' whole modules: their code and the formulas in their comments.
      "test/generated/fresh.test.ts",
    ],
  },
});
