// Turns an error escaping a command into stderr text and an exit code: user errors (bad files,
// specs, arguments) print one message and exit 2; anything else is a compiler bug, exit 70.
import { CommanderError } from "commander";
import { isUserError } from "../../compiler/errors.ts";
import { printableText } from "./ui.ts";

export const EXIT_USER_ERROR = 2;
export const EXIT_INTERNAL_ERROR = 70;

const ISSUES = "please report it at the tapeless issue tracker";

/** Writes the report for `e` and returns the process exit code. */
export function reportError(e: unknown, write: (text: string) => void): number {
  if (e instanceof CommanderError) return reportUsageError(e, write);
  if (isUserError(e)) {
    // Every line carries the prefix (and, from compileLoaded, the file and field location).
    write(printableText(e.message).split("\n").map((line) => `tapeless: ${line}\n`).join(""));
    return EXIT_USER_ERROR;
  }
  const detail = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  write(`tapeless: internal compiler error, ${ISSUES}\n${printableText(detail)}\n`);
  return EXIT_INTERNAL_ERROR;
}

/** Commander has already printed help or the version; usage errors get our one-line form. */
function reportUsageError(e: CommanderError, write: (text: string) => void): number {
  if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return e.exitCode;
  if (e.code === "commander.help" || e.code === "commander.executeSubCommandAsync") {
    return e.exitCode === 0 ? 0 : EXIT_USER_ERROR;
  }
  write(
    `tapeless: ${printableText(e.message.replace(/^error: /, ""))}\n(run "tapeless --help" for usage)\n`,
  );
  return EXIT_USER_ERROR;
}
