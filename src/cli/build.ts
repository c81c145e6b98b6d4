// `tapeless build <specs...> --out <dir>`: compiles every spec first, then writes each module
// atomically. All or nothing: if any spec fails (or two share a name), no file is written.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { TapelessError } from "../../compiler/errors.ts";
import type { CompileResult } from "../index.ts";
import { compileFile, type CompileOverrides } from "./compile-file.ts";
import { withFileErrors } from "./fs-errors.ts";
import { displayPath } from "./user-stack.ts";
import { writeFileAtomic } from "./write-atomic.ts";

export interface BuildOptions extends CompileOverrides {
  out: string;
}

interface Built {
  spec: string;
  result: CompileResult;
  ms: number;
}

export async function runBuild(
  specs: string[],
  options: BuildOptions,
  print: (line: string) => void,
): Promise<void> {
  const built: Built[] = [];
  for (const spec of specs) {
    const start = performance.now();
    const result = await compileFile(spec, options);
    built.push({ spec, result, ms: performance.now() - start });
  }
  checkUniqueNames(built);
  await withFileErrors("create", options.out, () => mkdir(options.out, { recursive: true }));
  for (const b of built) {
    const outFile = join(options.out, b.result.fileName);
    await withFileErrors("write", outFile, () => writeFileAtomic(outFile, b.result.code));
    print(summaryLine(b, displayPath(resolve(outFile))));
  }
}

/** Two specs writing the same file (names equal up to case, for case-insensitive disks). */
function checkUniqueNames(built: Built[]): void {
  const seen = new Map<string, Built>();
  for (const b of built) {
    const key = b.result.fileName.toLowerCase();
    const first = seen.get(key);
    if (first) {
      throw new TapelessError(
        `${b.spec} and ${first.spec} both produce ${b.result.fileName} (model "${b.result.name}"); give each spec a unique name`,
      );
    }
    seen.set(key, b);
  }
}

export function summaryLine({ result, ms }: Built, outFile: string): string {
  const params = result.stats.paramCount.toLocaleString("en-US");
  const kib = (result.stats.arenaBytes / 1024).toFixed(1);
  return `✓ ${result.name}  ${params} params  arena ${kib} KiB  ${Math.round(ms)} ms  → ${outFile}`;
}
