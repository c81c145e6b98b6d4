// The `tapeless` executable (dist/cli.js): runs the command line on process.argv and exits with
// its status.
import { runCli } from "./main.ts";

process.exitCode = await runCli(process.argv);
