// Every property the fuzzer asks of one random spec, in one function, so a regression file and a
// fast-check counterexample run exactly the same checks:
//   compiles · the IR prints, parses and prints back identically · the phases are deterministic ·
//   the module is in its final form (prettier's text, allocation-free, `!` marks as the parse-based
//   marker would put them) · the module runs · its loss, output and gradients match
//   TensorFlow.js (float32 bound; N-D graphs: loss and output) · float64 gradients match central
//   finite differences (sampled; every parameter of a small N-D graph).
// Type-checking is batched by the caller (ts-morph checks 25 modules in one program ~3× faster than
// one at a time); `typecheck: true` does it here, for regressions.
import { expect } from "vitest";
import { TEST_TARGET } from "../support/target.ts";
import { compile, validateSpec } from "../../src/index.ts";
import { parseGraph } from "../../compiler/ir/parse.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import { lower } from "../../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../../compiler/phases/3-optimize/index.ts";
import { planMemory } from "../../compiler/phases/4-plan/plan.ts";
import { formatPlan } from "../../compiler/phases/4-plan/report.ts";
import { typecheckModule } from "../../compiler/backends/js/emit/typecheck.ts";
import { expectFinalModule } from "../support/emitted-checks.ts";
import { loadModuleCollectable } from "../support/load-module-gc.ts";
import { FD_TOLERANCE, rng } from "../support/finite-diff.ts";
import { checkSampledGradients, sampleIndices } from "../support/fd-sampled.ts";
import { compareWithOracle, describeComparison, runModel } from "../support/oracle-check.ts";
import { checkMemoryReuse } from "../support/reuse-check.ts";
import { randomNdBatch } from "../support/nd-data.ts";
import type { OracleSpec } from "../support/tfjs-oracle.ts";
import type { FuzzCase } from "../support/arbitraries.ts";

export interface CaseOptions {
  /** Type-check the module here (otherwise the caller batches it). */
  typecheck?: boolean;
  /** Compile a second time and compare the bytes (otherwise only phases 1–4 are re-run). */
  fullDeterminism?: boolean;
}

export interface CaseReport {
  code: string;
  dtype: "f32" | "f64";
  paramCount: number;
  /** Worst normalized difference from TensorFlow.js (N-D graphs: loss and output), and the bound it was held to. */
  tf: number;
  tfTolerance: number;
  tfDetail: string;
  /** Worst relative error against finite differences (f64 only), and how many parameters. */
  fd?: number;
  fdChecked?: number;
}

const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);

/** Data for one batch: float32-representable values, so TensorFlow.js sees exactly the same. */
function makeData(rows: number, shapes: readonly (readonly number[])[], next: () => number, kind: string) {
  return shapes.map((shape) => {
    const cols = size(shape);
    const a = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = a.subarray(r * cols, (r + 1) * cols);
      if (kind === "softmaxCrossEntropy") {
        // Alternate hard (one-hot) and soft labels: both are distributions.
        if (r % 2 === 0) row[Math.floor(next() * cols)] = 1;
        else {
          let total = 0;
          for (let j = 0; j < cols; j++) total += row[j] = next();
          for (let j = 0; j < cols; j++) row[j] = Math.fround(row[j] / total);
        }
      } else {
        for (let j = 0; j < cols; j++) row[j] = Math.fround(kind === "sigmoidCrossEntropy" ? next() : 2 * next() - 1);
      }
    }
    return a;
  });
}

export async function checkCase(c: FuzzCase, options: CaseOptions = {}): Promise<CaseReport> {
  const normalized = validateSpec(c.spec);
  const result = await compile(c.spec, { target: TEST_TARGET });

  // IR text: print → parse → print is the identity, and the parsed graphs verify.
  for (const text of [result.ir, result.gradIr]) {
    const parsed = parseGraph(text);
    verifyGraph(parsed);
    expect(printGraph(parsed)).toBe(text);
  }
  // Determinism: the phases again give the same graph and plan; optionally the same bytes.
  const again = optimize(differentiate(lower(normalized).graph));
  expect(printGraph(again)).toBe(result.gradIr);
  const bytes = normalized.dtype === "f64" ? 8 : 4;
  expect(formatPlan(again, planMemory(again, normalized.maxBatch), bytes)).toBe(result.plan);
  if (options.fullDeterminism) expect((await compile(c.spec, { target: TEST_TARGET })).code).toBe(result.code);

  // The build no longer parses the module: the allocation check, the `!` marks and prettier's
  // agreement with the emitter's layout are checked here, on every case.
  await expectFinalModule(result.code);
  if (options.typecheck) expect(typecheckModule(result.code)).toEqual([]);

  const module = await loadModuleCollectable(result.code);
  const model = new module.Model({ seed: c.seed });
  const next = rng(c.seed);
  // float64 models: float32-representable parameters, so TensorFlow.js computes with the same ones.
  if (normalized.dtype === "f64") for (let i = 0; i < model.params.length; i++) model.params[i] = Math.fround(model.params[i]);
  // Biases away from 0 (|b| in [0.1, 0.6]): with zero biases a dead relu layer feeds exact zeros
  // into the next layer, whose pre-activation then sits exactly on the kink.
  for (const p of module.layout.params) {
    if (!p.name.endsWith(".bias")) continue;
    for (let i = 0; i < p.length; i++) model.params[p.offset + i] = Math.fround((next() < 0.5 ? -1 : 1) * (0.1 + 0.5 * next()));
  }
  const Typed = normalized.dtype === "f64" ? Float64Array : Float32Array;
  // N-D graphs (the loss as an array of terms): int32 indices in range, targets suited to each term.
  const nd = Array.isArray(c.spec.loss);
  const batchOf = (rows: number, salt: number) => {
    if (nd) {
      const data = randomNdBatch(normalized as unknown as OracleSpec, rows, c.seed + salt);
      const args = data.args.map((a) => (a instanceof Int32Array ? a : Typed.from(a)));
      return { inputs: data.inputs, targets: data.targets, args };
    }
    const inputs = makeData(rows, normalized.inputs.map((v) => v.shape), next, "input");
    const targets = makeData(rows, normalized.targets.map((v) => v.shape), next, normalized.loss[0].type);
    return { inputs, targets, args: [...inputs, ...targets].map((a) => Typed.from(a)) };
  };
  const { inputs, targets, args } = batchOf(c.batch, 1);

  const run = runModel(module, model, args, c.batch);
  expect(Number.isFinite(run.loss), `loss ${run.loss}`).toBe(true);
  const oracle = compareWithOracle(normalized, module.layout, model.params, inputs, targets, c.batch, run);
  // N-D graphs: TensorFlow.js checks what the model computes (loss and output); their gradients are
  // checked against float64 finite differences below, on every parameter. The float32 bound of
  // compare.ts assumes the well-conditioned sums of dense networks; random graphs break that premise
  // for gradients (a layer normalization over 2 entries, a bias before a softmax that ignores it: an
  // exactly-zero gradient is pure float32 noise), where a float64 reference does not.
  const tfWorst = nd ? Math.max(oracle.loss, oracle.output.worst) : oracle.worst;
  expect(tfWorst, describeComparison(oracle)).toBeLessThan(oracle.tolerance);

  // Reuse of memory at run time: a second batch of other data (and, where possible, other rows).
  const rowsB = c.batch > 1 ? c.batch - 1 : normalized.maxBatch;
  const argsB = batchOf(rowsB, 2).args;
  checkMemoryReuse(module, c.seed, { args, rows: c.batch }, { args: argsB, rows: rowsB });

  const report: CaseReport = {
    code: result.code,
    dtype: normalized.dtype,
    paramCount: module.layout.paramCount,
    tf: tfWorst,
    tfTolerance: oracle.tolerance,
    tfDetail: describeComparison(oracle),
  };
  if (normalized.dtype === "f64" && module.layout.paramCount > 0) {
    // Every parameter of a small N-D graph (the finite differences are its only gradient check).
    const all = nd && module.layout.paramCount <= 600;
    const indices = all ? [...Array(module.layout.paramCount).keys()] : sampleIndices(module.layout.params, nd ? 16 : 4, c.seed);
    const fd = checkSampledGradients(model, () => model.loss(...args, c.batch), module.layout.params, indices);
    expect(fd.worst, `param ${fd.worstIndex}: analytic ${fd.analytic}, numeric ${fd.numeric}`).toBeLessThan(FD_TOLERANCE);
    report.fd = fd.worst;
    report.fdChecked = fd.checked;
  }
  return report;
}
