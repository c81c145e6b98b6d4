// Mutation testing (`npm run test:mutation`, not part of `npm test`): mutates the compiler's ops, the JS backend's rules,
// autodiff, planner and optimizer emitter and runs the focused suite in test/mutation/.
// Surviving mutants that are equivalent are listed with their reason in test/mutation/equivalent.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts", related: false },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    "compiler/ops/**/*.ts",
    "compiler/backends/**/*.ts",
    "compiler/phases/2-autodiff/**/*.ts",
    "compiler/phases/4-plan/**/*.ts",
    "compiler/backends/js/emit/optimizer.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 2, // one type-checker process, one test runner (the machine has two cores)
  incremental: true,
  incrementalFile: "test/mutation/stryker-incremental.json",
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 120000,
  // The first run covers every test once per test (coverage per test); on a shared machine it is slow.
  dryRunTimeoutMinutes: 60,
  // vitest strips types without checking them, so no file needs // @ts-nocheck (Stryker adds it by
  // default, and it would make the generated/ freshness test see a changed module).
  disableTypeChecks: false,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
