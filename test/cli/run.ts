// Runs the built `tapeless` binary as a user would (node dist/cli.js in a project folder). dist/ is
// built once per test run by the global setup (test/support/build-dist.ts); buildCli() builds it
// only where that did not run (scripts/build.mjs writes atomically, so concurrent builds are safe).
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, inject } from "vitest";

export const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
export const CLI = join(ROOT, "dist", "cli.js");
export const VERSION = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }
).version;

export function buildCli(): void {
  if (inject("distBuilt")) return;
  execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], {
    cwd: ROOT,
    stdio: "pipe",
  });
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment without color variables (tests pass their own). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return { ...env, ...extra };
}

export function tapeless(cwd: string, args: string[], env?: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: cleanEnv(env) },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A long-running `tapeless` (watch mode): collects output, waits for lines, stops with SIGINT. */
export class Session {
  readonly child: ChildProcess;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor(cwd: string, args: string[]) {
    this.child = spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv() });
    this.child.stdout!.on("data", (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((done) => this.child.on("exit", (code) => done(code)));
  }

  /** Waits until stdout + stderr match `pattern` `count` times. */
  async waitFor(pattern: RegExp, count = 1, timeout = 20_000): Promise<void> {
    const global = new RegExp(
      pattern.source,
      pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`,
    );
    const start = Date.now();
    while ((`${this.stdout}${this.stderr}`.match(global)?.length ?? 0) < count) {
      if (Date.now() - start > timeout) {
        throw new Error(
          `timed out waiting for ${pattern} ×${count}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<number | null> {
    this.child.kill("SIGINT");
    return this.exited;
  }
}

/** A user error: exit 2, `tapeless: ...` on stderr, no stack trace. */
export function expectUserError(run: Run, message: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^tapeless: /);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}
