// The `tapeless` command line: parses arguments with commander and dispatches to one file per
// command, loaded on demand (so --help and --version do not load the compiler). Every error goes
// through reportError: exit 2 for user errors, 70 for compiler bugs; 1 means stale or failed check.
// runCli() is the whole command line as a function (bin.ts runs it; tests may run it in-process).
import { Command, Option } from "commander";
import type { BuildOptions } from "./build.ts";
import type { CheckOptions } from "./check.ts";
import type { InitOptions } from "./init.ts";
import type { InspectOptions } from "./inspect.ts";
import {
  loadTimeoutOption,
  overrideOptions,
  parsePositiveInt,
  parsePositiveNumber,
  parseSeed,
} from "./options.ts";
import { packageVersion } from "./package-root.ts";
import { StalledLoad } from "./load-timeout.ts";
import { reportError } from "./report-error.ts";
import { createUi, type Ui } from "./ui.ts";

const EXAMPLES = `
Examples:
  tapeless init                        (a starter spec and npm scripts)
  tapeless build "examples/*.net.ts" --out generated
  tapeless build model.json --out src/models --dtype f64 --max-batch 256
  tapeless build "models/*.net.ts" --out generated --emit js   (plain Node: .js + .d.ts)
  tapeless build "models/*.net.ts" --out generated --check   (CI: fail when stale)
  tapeless build "models/*.net.ts" --out generated --watch
  tapeless inspect examples/xor.net.ts --grad --plan
  tapeless inspect examples/xor.net.ts --dot | dot -Tsvg > xor.svg
  tapeless check examples/xor.net.ts

Spec files: .json (validated; "$schema" may name node_modules/tapeless/schema/tapeless.schema.json
for editor completion), or .ts, .mts, .js, .mjs exporting the spec (or a function returning it)
as default export.

Environment: NO_COLOR disables colors, FORCE_COLOR forces them (default: only on a terminal).

Exit status: 0 success, 1 stale output (build --check) or failed gradient check,
2 user error (bad spec, file or arguments), 70 internal compiler error (please report it).`;

type Globals = { quiet?: boolean; color?: boolean };
type Action<O> = (args: { opts: O; ui: Ui }) => Promise<number>;

function run<O>(command: Command, action: Action<O>) {
  return async () => {
    const opts = command.optsWithGlobals<O & Globals>();
    const ui = createUi({ quiet: opts.quiet, color: opts.color });
    process.exitCode = await action({ opts, ui });
  };
}

function createProgram(): Command {
  const program = new Command("tapeless")
    .description("Compile a declarative network spec into an allocation-free TypeScript module.")
    .version(packageVersion(), "-V, --version", "print the tapeless version")
    .helpOption("-h, --help", "show help")
    .configureHelp({ showGlobalOptions: true })
    .option("-q, --quiet", "print only errors (no per-model lines, no warnings)")
    .option("--no-color", "never use colors")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText("after", EXAMPLES);

  const build = program
    .command("build")
    .description("compile spec files into <out>/<name>.ts, or .js / .cjs (atomically; all or nothing)")
    .argument("<specs...>", 'spec files or quoted globs (e.g. "models/*.net.ts")')
    .requiredOption("-o, --out <dir>", "output folder (created if needed)")
    .option("--check", "write nothing; exit 1 listing output files that are stale or missing")
    .option("-w, --watch", "rebuild a spec when it or a file it imports changes")
    .option("--inspect", "with --watch: keep <out>/<name>.inspect.html, the inspector page, up to date")
    .option(
      "--no-cache",
      "always compile (the cache skips specs whose inputs and compiler are unchanged)",
    )
    .addOption(
      new Option(
        "--emit <kind>",
        "ts: <name>.ts; js: ES module <name>.js + <name>.d.ts; cjs: CommonJS <name>.cjs + <name>.d.cts",
      )
        .choices(["ts", "js", "cjs"])
        .default("ts"),
    );
  [...overrideOptions(), loadTimeoutOption()].forEach((o) => build.addOption(o));
  build.addHelpText(
    "after",
    `
Prints one line per model: name, parameters, arena size, time, output file.
The cache lives in node_modules/.cache/tapeless (or .tapeless-cache/ without node_modules).`,
  );
  build.action(async (specs: string[]) => {
    await run<BuildOptions>(build, async ({ opts, ui }) =>
      (await import("./build.ts")).runBuild(specs, opts, ui),
    )();
  });

  const inspect = program
    .command("inspect")
    .description("print the IR, gradient IR, memory plan, generated code or graph of a spec, or write its inspector page (--html)")
    .argument("<spec>", "spec file")
    .option("--ir", "forward IR (the default)")
    .option("--grad", "gradient IR: forward, loss and gradients after optimization")
    .option("--plan", "memory plan: buffers, sizes, lifetimes and arena offsets")
    .option("--code", "the generated TypeScript module")
    .option("--wat", "the WebAssembly text the wasm target's module carries (implies --target wasm)")
    .option("--dot", "Graphviz DOT of the forward + backward graph (pipe into `dot -Tsvg`)")
    .option("--json", "everything above (and layout, stats, diagnostics) as one JSON document")
    .option("--html [file]", "the inspector page: graphs, code, memory, cost (default <name>.inspect.html, - for stdout)")
    .option("--check", "with --html: add the finite-difference gradient check to the page");
  [...overrideOptions(), loadTimeoutOption()].forEach((o) => inspect.addOption(o));
  inspect.action(async (spec: string) => {
    await run<InspectOptions>(inspect, async ({ opts, ui }) =>
      (await import("./inspect.ts")).runInspect(spec, opts, ui),
    )();
  });

  const check = program
    .command("check")
    .description("finite-difference gradient check in float64 on random parameters and inputs")
    .argument("<spec>", "spec file")
    .addOption(
      new Option(
        "--samples <n>",
        `parameters to check (default: all up to 5000, else a seeded sample with every bias)`,
      ).argParser(parsePositiveInt),
    )
    .addOption(
      new Option("--tolerance <x>", "largest accepted relative error")
        .default(1e-6, "1e-6")
        .argParser(parsePositiveNumber),
    )
    .addOption(
      new Option("--seed <n>", "seed for parameters, inputs and the sample")
        .default(1)
        .argParser(parseSeed),
    )
    .addOption(
      new Option("--batch <n>", "rows of random data (at most maxBatch)")
        .default(4)
        .argParser(parsePositiveInt),
    )
    .addOption(overrideOptions()[1]!)
    .addOption(loadTimeoutOption());
  check.addHelpText(
    "after",
    `
Relative error: |analytic − numeric| / max(1, |analytic|, |numeric|), central differences with
h = 1e-6·max(1, |θ|). Exit 1 when any parameter's error is above the tolerance.`,
  );
  check.action(async (spec: string) => {
    await run<CheckOptions>(check, async ({ opts, ui }) =>
      (await import("./check.ts")).runCheck(spec, opts, ui),
    )();
  });

  const init = program
    .command("init")
    .description("write a starter spec (models/model.net.ts) and npm scripts to build and check it")
    .argument("[dir]", "project folder", ".")
    .option("--json", 'write a JSON spec with "$schema" (editor completion) instead of TypeScript')
    .option("--force", "overwrite an existing starter spec")
    .addOption(
      new Option("--emit <kind>", "output of the scripts (default: cjs in a CommonJS package, else ts)").choices([
        "ts",
        "js",
        "cjs",
      ]),
    );
  init.action(async (dir: string) => {
    await run<InitOptions>(init, async ({ opts, ui }) =>
      (await import("./init.ts")).runInit(dir, opts, ui),
    )();
  });

  program.commands.forEach((c) => c.exitOverride().configureOutput({ outputError: () => {} }));
  return program;
}

/** True once a spec load was abandoned while the spec's code still runs (bin.ts then exits at once). */
export let stalledSpecRunning = false;

/**
 * Runs the command line on `argv` (shaped like process.argv) and returns the exit status. Output
 * goes to process.stdout / process.stderr; bin.ts is the executable that calls it.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await createProgram().parseAsync(argv);
    return Number(process.exitCode);
  } catch (e) {
    // A spec that timed out is still running (timers, sockets): the executable must not wait for it.
    if (e instanceof StalledLoad) stalledSpecRunning = true;
    return reportError(e, (text) => process.stderr.write(text));
  }
}
