// The `tapeless` command line: parses arguments with commander and dispatches to one file per
// command; every error goes through reportError (exit 2 for user errors, 70 for compiler bugs).
import { Command } from "commander";
import { runBuild, type BuildOptions } from "./build.ts";
import { runInspect, type InspectOptions } from "./inspect.ts";
import { overrideOptions } from "./options.ts";
import { packageVersion } from "./package-root.ts";
import { reportError } from "./report-error.ts";

const EXAMPLES = `
Examples:
  tapeless build examples/*.net.ts --out generated
  tapeless build model.json --out src/models --dtype f64 --max-batch 256
  tapeless inspect examples/xor.net.ts --grad --plan

Exit status: 0 success, 2 user error (bad spec, file or arguments), 70 internal compiler error.`;

const print = (text: string) => process.stdout.write(`${text}\n`);

function createProgram(): Command {
  const program = new Command("tapeless")
    .description("Compile a declarative network spec into an allocation-free TypeScript module.")
    .version(packageVersion(), "-V, --version", "print the tapeless version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText("after", EXAMPLES);

  const build = program
    .command("build")
    .description("compile spec files (.json, .ts, .mts, .js, .mjs) into <out>/<name>.ts")
    .argument("<specs...>", "spec files")
    .requiredOption("-o, --out <dir>", "output folder (created if needed)");
  overrideOptions().forEach((o) => build.addOption(o));
  build.action((specs: string[], options: BuildOptions) => runBuild(specs, options, print));

  const inspect = program
    .command("inspect")
    .description("print the forward IR, gradient IR, memory plan or generated code of a spec")
    .argument("<spec>", "spec file")
    .option("--ir", "forward IR (the default)")
    .option("--grad", "gradient IR: forward, loss and gradients after optimization")
    .option("--plan", "memory plan: schedule, lifetimes and arena offsets")
    .option("--code", "the generated TypeScript module");
  overrideOptions().forEach((o) => inspect.addOption(o));
  inspect.action((spec: string, options: InspectOptions) => runInspect(spec, options, print));

  program.commands.forEach((c) => c.exitOverride().configureOutput({ outputError: () => {} }));
  return program;
}

try {
  await createProgram().parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e, (text) => process.stderr.write(text));
}
