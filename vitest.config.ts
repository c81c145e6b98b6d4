import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^tapeless\/data$/, replacement: fileURLToPath(new URL("./src/data/index.ts", import.meta.url)) },
      { find: /^tapeless$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // dist/ is built once here for every file that runs the CLI (test/cli/run.ts).
    globalSetup: ["test/support/build-dist.ts"],
    // One test file per core (vitest's default leaves one core free: a single worker on two
    // cores). Files share nothing but dist/ (built above) and their own temporary folders.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
