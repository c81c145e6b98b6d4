// The example specs in examples/, loaded as plain data (through the same loader as the CLI).
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const EXAMPLES_DIR = fileURLToPath(new URL("../../examples/", import.meta.url));

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith(".net.ts")).sort();
}

/** [file name, spec] for every example. */
export async function exampleSpecs(): Promise<[string, unknown][]> {
  const specs: [string, unknown][] = [];
  for (const file of exampleFiles()) {
    const mod = (await import(path.join(EXAMPLES_DIR, file))) as { default: unknown };
    specs.push([file, mod.default]);
  }
  return specs;
}
