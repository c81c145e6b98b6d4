// vitest global setup: builds dist/ (the CLI and the package entry points) once per test run, before
// any test file starts, so the files that run the built CLI share one build (test/cli/run.ts).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** True once dist/ is built for this run. */
    distBuilt: boolean;
  }
}

export default function setup(project: TestProject): void {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "pipe" });
  project.provide("distBuilt", true);
}
