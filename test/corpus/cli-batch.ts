// Runs `tapeless build <file> --out out-<file>` for every file named on its command line, one after
// another in this one process (corpus.test.ts bundles it and runs it under a small heap), and writes
// what each run printed and returned as JSON to the file named by its first argument.
import { existsSync, writeFileSync } from "node:fs";
import { runCli } from "../../src/cli/main.ts";

export interface BatchRun {
  code: number;
  stdout: string;
  stderr: string;
  outDirExists: boolean;
}

/** Calls `body` with process.stdout / process.stderr writes captured instead of printed. */
async function captured(body: () => Promise<number>): Promise<Omit<BatchRun, "outDirExists">> {
  const out = { stdout: "", stderr: "" };
  const real = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (key: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      out[key] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  try {
    return { code: await body(), ...out };
  } finally {
    process.stdout.write = real.stdout;
    process.stderr.write = real.stderr;
  }
}

const [resultFile, ...files] = process.argv.slice(2);
const runs: Record<string, BatchRun> = {};
for (const file of files) {
  // On stderr as it goes: if the process dies (out of memory), the last file named is the culprit.
  process.stderr.write(`${file}\n`);
  const out = `out-${file}`;
  const run = await captured(() => runCli([process.execPath, "tapeless", "build", file, "--out", out]));
  runs[file] = { ...run, outDirExists: existsSync(out) };
}
writeFileSync(resultFile!, JSON.stringify(runs));
process.exitCode = 0;
