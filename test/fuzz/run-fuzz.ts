// The fuzz loop shared by fuzz.test.ts (MLP-shaped specs) and fuzz-nd.test.ts (random N-D graphs):
// random valid specs from an arbitrary through every check of check-case.ts. Seeded and
// reproducible: the seed is printed, and a failure prints the shrunk case as JSON, ready to be saved
// in test/fuzz/regressions/ (regressions.test.ts runs every file there).
//
// `npm test` runs each file's fixed budget with its fixed seed and checks that the cases reach every
// feature of the generator (so a generator or seed change cannot silently test less);
// `npm run fuzz -- --runs 5000 [--seed S] [--graphs mlp|nd]` runs more (scripts/fuzz.mjs sets
// TAPELESS_FUZZ_RUNS / _SEED / _PATH for these files).
//
// Cost: checking the module (prettier, the allocation check: one parse each) is most of a case, so
// the byte-for-byte "compile twice" check runs on every 4th case; every case re-runs phases 1–4 and
// compares their output (the IR and the memory plan), which is where any nondeterminism would come
// from (the emitter is a pure function of them, and prettier of its input). Type-checking is batched.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { FuzzCase } from "../support/arbitraries.ts";
import { tfReady } from "../support/tfjs-oracle.ts";
import { typecheckModules } from "../support/typecheck-batch.ts";
import { checkCase } from "./check-case.ts";
import { compile } from "../../src/index.ts";
import { typecheckModule } from "../../compiler/backends/js/emit/typecheck.ts";

const FULL_DETERMINISM_EVERY = 4;
const TYPECHECK_BATCH = 25;

export interface FuzzSuite {
  title: string;
  /** Which generator, for the replay command (scripts/fuzz.mjs --graphs). */
  graphs: "mlp" | "nd" | "conv";
  arbitrary: fc.Arbitrary<FuzzCase>;
  /** Cases and seed of `npm test`. */
  budget: number;
  seed: number;
  features: (c: FuzzCase) => string[];
  allFeatures: () => string[];
}

function failureReport(suite: FuzzSuite, details: fc.RunDetails<[FuzzCase]>, what: string): string {
  const shrunk = details.counterexample?.[0];
  return [
    `fuzz: ${what} (seed ${details.seed}, path "${details.counterexamplePath}", after ${details.numRuns} cases, ${details.numShrinks} shrinks)`,
    `replay: npm run fuzz -- --graphs ${suite.graphs} --seed ${details.seed} --path "${details.counterexamplePath}"`,
    `shrunk case (save it as test/fuzz/regressions/<short-name>.json):`,
    JSON.stringify(shrunk, null, 2),
    `error: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
  ].join("\n");
}

export function fuzzSuite(suite: FuzzSuite): void {
  const RUNS = Number(process.env.TAPELESS_FUZZ_RUNS ?? suite.budget);
  const SEED = Number(process.env.TAPELESS_FUZZ_SEED ?? suite.seed);
  const PATH = process.env.TAPELESS_FUZZ_PATH || undefined;

  beforeAll(tfReady);

  describe(suite.title, () => {
    it(`${RUNS} cases, seed ${SEED}`, { timeout: Math.max(600_000, RUNS * 3_000) }, async () => {
      const started = performance.now();
      let closest = "";
      const stats = { cases: 0, f64: 0, graph: 0, params: 0, tf: 0, tfRatio: 0, fd: 0, fdChecked: 0, full: 0 };
      // Modules wait here to be type-checked TYPECHECK_BATCH at a time; the first failure is kept.
      let pending: { code: string; c: FuzzCase; run: number }[] = [];
      let badModule: { run: number; c: FuzzCase; problems: string[] } | undefined;
      const flush = () => {
        const problems = typecheckModules(pending.map((m) => m.code));
        const k = problems.findIndex((p) => p.length > 0);
        if (k >= 0 && badModule === undefined) badModule = { ...pending[k], problems: problems[k] };
        pending = [];
      };
      let calls = 0;
      const reached = new Set<string>();
      const details = await fc.check(
        fc.asyncProperty(suite.arbitrary, async (c) => {
          const run = calls++;
          const full = run % FULL_DETERMINISM_EVERY === 0;
          const r = await checkCase(c, { fullDeterminism: full });
          pending.push({ code: r.code, c, run });
          if (pending.length >= TYPECHECK_BATCH) flush();
          stats.cases++;
          for (const f of suite.features(c)) reached.add(f);
          stats.full += full ? 1 : 0;
          stats.graph += "nodes" in c.spec ? 1 : 0;
          stats.params += r.paramCount;
          stats.tf = Math.max(stats.tf, r.tf);
          if (r.tf / r.tfTolerance > stats.tfRatio) closest = `${r.tfDetail}\n    in ${JSON.stringify(c)}`;
          stats.tfRatio = Math.max(stats.tfRatio, r.tf / r.tfTolerance);
          if (r.fd !== undefined) {
            stats.f64++;
            stats.fd = Math.max(stats.fd, r.fd);
            stats.fdChecked += r.fdChecked ?? 0;
          }
        }),
        { seed: SEED, numRuns: RUNS, path: PATH, endOnFailure: false },
      );
      if (details.failed) expect.fail(failureReport(suite, details, "a property failed"));
      // The budget keeps its coverage: a generator or seed change that leaves a feature untested
      // fails here (raise the budget or change the seed), instead of silently testing less.
      if (PATH === undefined && RUNS >= suite.budget) {
        const missed = suite.allFeatures().filter((f) => !reached.has(f));
        expect(missed, `the ${RUNS} cases never reached these features`).toEqual([]);
      }

      flush();
      const seconds = (performance.now() - started) / 1000;
      console.log(
        [
          `fuzz: ${stats.cases} cases (seed ${SEED}) in ${seconds.toFixed(1)} s: ${stats.graph} graph form, ${stats.cases - stats.graph} sequential; ${stats.f64} f64; ${stats.params} parameters in all`,
          `  every case: compiles, IR round trip, phases deterministic, no allocation, ${badModule ? "NOT ALL TYPE-CHECK" : "type-checks"}; ${stats.full} compiled twice byte-for-byte`,
          `  vs TensorFlow.js: worst normalized difference ${stats.tf.toExponential(2)}, at most ${(100 * stats.tfRatio).toFixed(1)}% of its float32 bound`,
          `    closest to its bound: ${closest}`,
          `  vs finite differences (f64): worst relative error ${stats.fd.toExponential(2)} over ${stats.fdChecked} sampled parameters`,
        ].join("\n"),
      );

      if (badModule !== undefined) {
        // Run k of the first pass (which had no failure) is replayed by path "k", then shrunk with
        // type-checking as the property.
        const shrink = await fc.check(
          fc.asyncProperty(suite.arbitrary, async (c) => {
            expect(typecheckModule((await compile(c.spec)).code)).toEqual([]);
          }),
          { seed: SEED, numRuns: RUNS, path: PATH ?? String(badModule.run) },
        );
        expect.fail(
          shrink.failed
            ? failureReport(suite, shrink, "a generated module does not type-check")
            : `a generated module does not type-check:\n${badModule.problems.join("\n")}\ncase: ${JSON.stringify(badModule.c)}`,
        );
      }
    });
  });
}
