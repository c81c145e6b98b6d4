// The backend the shared suites run against. vitest.config.ts runs the gradient, oracle, fuzzer and
// example suites twice: as project "js" (the default) and as project "wasm", which sets
// TAPELESS_TEST_TARGET=wasm; every helper that compiles a model for a suite compiles for this target.
import type { Target } from "../../src/index.ts";

export const TEST_TARGET: Target = process.env.TAPELESS_TEST_TARGET === "wasm" ? "wasm" : "js";
