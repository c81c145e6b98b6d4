// The last check on an emitted module: it must be valid TypeScript whose JavaScript V8 accepts,
// early errors included (a name declared twice in one scope is a SyntaxError only at load time).
// Compiled, never run. A failure is a compiler bug: an InternalError, so the CLI exits 70.
import { transform, type Message } from "esbuild";
import { InternalError } from "../../../errors.ts";

export async function assertParses(code: string): Promise<void> {
  let js: string;
  try {
    // esbuild strips the types (and turns exports into CommonJS, which a function body may hold).
    // Asynchronous: the esbuild service that bundled the spec does it (transformSync would start
    // another esbuild process, the larger part of this check's cost in a fresh CLI process).
    js = (await transform(code, { loader: "ts", format: "cjs", target: "es2022", logLevel: "silent" })).code;
  } catch (e) {
    const first = (e as { errors?: Message[] }).errors?.[0];
    if (first === undefined) throw e;
    fail(first.text, first.location?.line);
  }
  try {
    // Compiles the module body as a strict function (a module is strict code): parsed with every
    // early error, never called.
    new Function(`"use strict";\n${js}`);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

function fail(message: string, line?: number): never {
  throw new InternalError(`the emitted module does not parse${line === undefined ? "" : ` (line ${line})`}: ${message}`);
}
