// The fast tests that cover compiler/ops, 2-autodiff, 4-plan and the optimizer emitter in-process:
// StrykerJS (stryker.config.mjs) runs these against every mutant, so slow suites stay out.
// (Not mergeConfig: it would concatenate `include` with the full suite's.)
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "../../vitest.config.ts";
import { rankFiles } from "../support/rank-files.ts";

// Files that kill most mutants quickly run first: a mutant's run stops at its first failing test
// (Stryker's bail), so a killed mutant costs the time to that test. The slow FD files come last.
const FIRST = [
  "test/compiler/ops/registry.test.ts",
  "test/compiler/ops/rules.test.ts",
  "test/compiler/ir/",
  "test/compiler/phases/2-autodiff/",
  "test/compiler/ops/gradients.test.ts",
  "test/generated/fresh.test.ts",
  "test/compiler/phases/4-plan/report.test.ts",
  "test/compiler/phases/4-plan/arena.test.ts",
  "test/compiler/phases/4-plan/fusion-decisions.test.ts",
  "test/compiler/phases/4-plan/fusion.test.ts",
  "test/compiler/phases/4-plan/output-copy.test.ts",
  "test/compiler/backends/js/emit/optimizer-code.test.ts",
  "test/examples/memory-reuse.test.ts",
];

class KillersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return rankFiles(files, FIRST);
  }
}

export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    // One module graph for every file of a run: Stryker runs one worker and re-runs files per mutant;
    // importing the compiler once per file was most of each run's time.
    isolate: false,
    sequence: { sequencer: KillersFirst },
    include: [
      "test/examples/memory-reuse.test.ts",
      "test/compiler/ops/*.test.ts",
      "test/compiler/phases/2-autodiff/*.test.ts",
      "test/compiler/phases/4-plan/*.test.ts",
      "test/compiler/backends/js/emit/optimizer*.test.ts",
      "test/compiler/phases/3-optimize/passes.test.ts",
      "test/compiler/ir/*.test.ts",
      // generated/ pins the examples' whole modules: their code and the formulas in their comments.
      "test/generated/fresh.test.ts",
    ],
  },
});
