// `tapeless check <spec>`: compiles the spec in float64, perturbs the seeded initial weights,
// draws random inputs and targets suited to the loss, and compares backward() with central
// finite differences. Prints the worst relative error per parameter tensor; exit 1 above tolerance.
import { validateSpec } from "../spec/validate.ts";
import type { Layout } from "../index.ts";
import { importGenerated } from "../load-model.ts";
import { compileLoaded } from "./compile-file.ts";
import {
  checkGradients,
  chooseIndices,
  DEFAULT_SAMPLE_LIMIT,
  DEFAULT_TOLERANCE,
  rng,
  type TensorReport,
} from "./gradient-check.ts";
import { type LoadOptions, loadSpecWithInputs } from "./load-spec.ts";
import { printable, type Ui } from "./ui.ts";

export interface CheckOptions extends LoadOptions {
  samples?: number;
  tolerance?: number;
  seed?: number;
  batch?: number;
  maxBatch?: number;
}

export const EXIT_CHECK_FAILED = 1;

export async function runCheck(spec: string, options: CheckOptions, ui: Ui): Promise<number> {
  const { name, reports, summary } = await gradientCheck(spec, options);
  return printReport(name, reports, summary, ui);
}

/** Compiles `spec` in float64 and checks backward() against central differences. */
export async function gradientCheck(
  spec: string,
  options: CheckOptions,
): Promise<{ name: string; reports: TensorReport[]; summary: Summary }> {
  const { spec: data, text } = await loadSpecWithInputs(spec, options);
  const result = await compileLoaded(spec, data, { dtype: "f64", maxBatch: options.maxBatch }, text);
  const lossType = validateSpec(data, { dtype: "f64", maxBatch: options.maxBatch }).loss[0].type; // one term today (issue 16)
  const { layout, Model } = await importGenerated(result.code, result.fileName);
  const seed = options.seed ?? 1;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const batch = Math.min(options.batch ?? 4, layout.maxBatch);
  const next = rng(seed);

  const model = new Model({ seed });
  for (let i = 0; i < model.params.length; i++) model.params[i] += 0.2 * (next() - 0.5);
  const args = [...randomData(layout, batch, lossType, next), batch];
  const samples = options.samples ?? Math.min(layout.paramCount, DEFAULT_SAMPLE_LIMIT);
  const indices = chooseIndices(layout, samples, next);
  const reports = checkGradients(model, layout, () => model.loss(...args), indices);
  const summary = { batch, seed, tolerance, checked: indices.length, total: layout.paramCount };
  return { name: result.name, reports, summary };
}

/** Inputs uniform in [−1, 1]; targets one-hot (softmax), in [0, 1] (sigmoid) or in [−1, 1] (mse, mae, huber). */
export function randomData(
  layout: Layout,
  batch: number,
  lossType: string,
  next: () => number,
): Float64Array[] {
  const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);
  const inputs = layout.inputs.map((v) =>
    Float64Array.from({ length: batch * size(v.shape) }, () => 2 * next() - 1),
  );
  const targets = layout.targets.map((v) => {
    const cols = size(v.shape);
    const t = new Float64Array(batch * cols);
    for (let r = 0; r < batch; r++) {
      if (lossType === "softmaxCrossEntropy") t[r * cols + Math.floor(next() * cols)] = 1;
      else
        for (let j = 0; j < cols; j++)
          t[r * cols + j] = lossType === "sigmoidCrossEntropy" ? next() : 2 * next() - 1;
    }
    return t;
  });
  return [...inputs, ...targets];
}

export interface Summary {
  batch: number;
  seed: number;
  tolerance: number;
  checked: number;
  total: number;
}

/** 1e-6 rather than 0.000001. */
export const formatTolerance = (x: number) =>
  x < 1e-3
    ? x
        .toExponential()
        .replace(/\.?0*e/, "e")
        .replace("e+", "e")
    : String(x);

export function printReport(name: string, reports: TensorReport[], s: Summary, ui: Ui): number {
  const { c } = ui;
  const what =
    s.checked === s.total
      ? `all ${s.total} parameters`
      : `${s.checked} of ${s.total} parameters (seeded sample, all biases)`;
  ui.out(`gradient check of ${c.bold(printable(name))}: f64, batch ${s.batch}, seed ${s.seed}, ${what}`);
  ui.out(
    c.dim(
      "central differences, h = 1e-6·max(1, |θ|); error = |analytic − numeric| / max(1, |analytic|, |numeric|)",
    ),
  );
  const names = new Map(reports.map((r) => [r, printable(r.name)]));
  const width = Math.max(9, ...[...names.values()].map((n) => n.length));
  ui.out(`  ${"parameter".padEnd(width)}  ${"checked".padStart(13)}  worst error`);
  const failed = reports.filter((r) => r.worst > s.tolerance);
  for (const r of reports) {
    const ok = r.worst <= s.tolerance;
    const mark = ok ? c.green("✓") : c.red("✗");
    const detail =
      ok || r.worstAt < 0
        ? ""
        : `  at [${r.worstAt}]: analytic ${r.analytic.toPrecision(6)}, numeric ${r.numeric.toPrecision(6)}`;
    ui.out(
      `  ${names.get(r)!.padEnd(width)}  ${`${r.checked}/${r.length}`.padStart(13)}  ${r.worst.toExponential(1).padStart(8)}  ${mark}${detail}`,
    );
  }
  const worst = reports.reduce((m, r) => Math.max(m, r.worst), 0);
  if (failed.length === 0) {
    ui.out(
      `${c.green("✓")} every gradient within ${formatTolerance(s.tolerance)} (worst ${worst.toExponential(1)})`,
    );
    return 0;
  }
  ui.error(
    `✗ ${failed.length} parameter ${failed.length === 1 ? "tensor" : "tensors"} above tolerance ${formatTolerance(s.tolerance)}: ${failed.map((r) => names.get(r)).join(", ")}`,
  );
  return EXIT_CHECK_FAILED;
}
