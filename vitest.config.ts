import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { rankFiles } from "./test/support/rank-files.ts";

// The longest files start first, so that on a fresh clone (no timing cache yet: vitest then orders
// by file size) no 30-second file starts last and runs alone while the other worker idles.
const LONGEST_FIRST = [
  "test/examples/no-gc.test.ts",
  "test/fuzz/fuzz.test.ts",
  "test/fuzz/fuzz-nd.test.ts",
  "test/fuzz/fuzz-conv.test.ts",
  "test/cli/build.test.ts",
  "test/inspect/page.test.ts",
  "test/cli/cli.test.ts",
  "test/compiler/backends/js/emit/finalize.test.ts",
  "test/compiler/backends/js/emit/emitted-corpus.test.ts",
  "test/compiler/backends/js/emit/emitted-roles.test.ts",
  "test/cli/init.test.ts",
  "test/cli/load-failures.test.ts",
  "test/compiler/backends/js/emit/targets.test.ts",
];

// The suites that check what a compiled model computes (finite differences, the TensorFlow.js oracle,
// the fuzzers, the examples, the module's API) run a second time against the WebAssembly target:
// project "wasm" sets TAPELESS_TEST_TARGET, which test/support/target.ts reads.
const BOTH_TARGETS = [
  "test/compiler/ops/gradients.test.ts",
  "test/compiler/layers/*gradients*.test.ts",
  "test/compiler/layers/dropout.test.ts",
  "test/compiler/phases/4-plan/fusion-gradients.test.ts",
  "test/oracle/*.test.ts",
  "test/fuzz/*.test.ts",
  "test/examples/gradients.test.ts",
  "test/examples/training.test.ts",
  // the module's API: weights, predict, state, optimizers, bad arrays, numerics
  "test/compiler/backends/js/emit/{weights,weights-header,weights-names,weights-refused,predict,state,init,several-outputs}.test.ts",
  "test/compiler/backends/js/emit/optimizer*.test.ts",
  "test/edge/{runtime-errors,numerics}.test.ts",
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return rankFiles(await super.sort(files), LONGEST_FIRST);
  }
}

export default defineConfig({
  resolve: {
    alias: [
      { find: /^tapeless\/data$/, replacement: fileURLToPath(new URL("./src/data/index.ts", import.meta.url)) },
      { find: /^tapeless$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    projects: [
      { extends: true, test: { name: "js", include: ["test/**/*.test.ts"] } },
      { extends: true, test: { name: "wasm", include: BOTH_TARGETS, env: { TAPELESS_TEST_TARGET: "wasm" } } },
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // dist/ is built once here for every file that runs the CLI (test/cli/run.ts).
    globalSetup: ["test/support/build-dist.ts"],
    // One test file per core (vitest's default leaves one core free: a single worker on two
    // cores). Files share nothing but dist/ (built above) and their own temporary folders.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: LongestFirst },
  },
});
