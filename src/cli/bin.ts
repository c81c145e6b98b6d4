// The `tapeless` executable (dist/cli.js): runs the command line on process.argv and exits with
// its status.
import { runCli, stalledSpecRunning } from "./main.ts";

process.exitCode = await runCli(process.argv);
// A spec that timed out is still running (timers, sockets): do not wait for it to end.
if (stalledSpecRunning) process.stderr.write("", () => process.exit());
