// `tapeless inspect <spec> --html [file]`: writes the inspector page of a spec (default
// `<name>.inspect.html`, `-` for standard output). `--check` adds the finite-difference check.
// The page is written atomically: a failing spec leaves no file behind.
import { join, resolve } from "node:path";
import { compileSpec } from "../../compiler/index.ts";
import { moduleFileName } from "../index.ts";
import { validateSpec } from "../spec/validate.ts";
import { formatTolerance, gradientCheck } from "./check.ts";
import { sourcePath, withSpecLocation, type CompileOverrides } from "./compile-file.ts";
import { withFileErrors } from "./fs-errors.ts";
import { loadSpecWithInputs, type LoadOptions } from "./load-spec.ts";
import type { Ui } from "./ui.ts";
import { displayPath } from "./user-stack.ts";
import { writeFileAtomic } from "./write-atomic.ts";

export interface HtmlOptions extends CompileOverrides {
  /** true: the default file name. */
  html: string | true;
  check?: boolean;
}

/** The page's default file name: the module's file name with `.inspect.html`. */
export function pageFileName(name: string): string {
  return moduleFileName(name).replace(/\.ts$/, ".inspect.html");
}

/** The page of one spec file, as text. */
export async function specPage(file: string, overrides: CompileOverrides & LoadOptions, check = false): Promise<{ name: string; html: string }> {
  const { spec, text } = await loadSpecWithInputs(file, overrides);
  const normalized = await withSpecLocation(file, overrides, text, async () =>
    validateSpec(spec, { dtype: overrides.dtype, maxBatch: overrides.maxBatch }),
  );
  const compiled = await compileSpec(normalized, sourcePath(file));
  const checked = check ? await gradientCheck(file, { maxBatch: overrides.maxBatch }) : undefined;
  const { inspectPage } = await import("../inspect/page.ts");
  const html = await inspectPage(normalized.name, compiled, {
    ...(checked && {
      check: {
        rows: checked.reports,
        tolerance: checked.summary.tolerance,
        note: `float64, batch ${checked.summary.batch}, seed ${checked.summary.seed}, ${checked.summary.checked} of ${checked.summary.total} parameters, tolerance ${formatTolerance(checked.summary.tolerance)}`,
      },
    }),
  });
  return { name: normalized.name, html };
}

/** `build --watch --inspect`: the page beside the module, `<out>/<name>.inspect.html`. */
export async function writeInspectPage(spec: string, options: CompileOverrides & { out: string }, ui: Ui): Promise<void> {
  const { name, html } = await specPage(spec, options);
  const file = join(options.out, pageFileName(name));
  await withFileErrors("write", file, () => writeFileAtomic(file, html));
  ui.info(`  ${ui.c.dim("inspector page")} ${displayPath(resolve(file))}`);
}

export async function runInspectHtml(spec: string, options: HtmlOptions, ui: Ui): Promise<number> {
  const { name, html } = await specPage(spec, options, options.check);
  if (options.html === "-") {
    process.stdout.write(html);
    return 0;
  }
  const file = options.html === true ? pageFileName(name) : options.html;
  await withFileErrors("write", file, () => writeFileAtomic(file, html));
  ui.info(`${ui.c.green("✓")} ${name} → ${file}`);
  return 0;
}
