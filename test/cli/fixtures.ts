// Temporary project folders with spec files for the CLI and loader tests.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const XOR_JSON = `{ "name": "xor", "maxBatch": 4, "inputs": { "x": [2] }, "targets": { "y": [1] },
  "layers": [ { "type": "dense", "units": 8, "activation": "tanh" }, { "type": "dense", "units": 1 } ],
  "loss": { "type": "sigmoidCrossEntropy" } }
`;

/** The same network as a TS module using the "tapeless" builders and a local helper module. */
export const XOR_TS = `import { dense, sequential, sigmoidCrossEntropy } from "tapeless";
import { hidden } from "./lib/layers.ts";

export default sequential({
  name: "xor",
  maxBatch: 4,
  inputs: { x: [2] },
  targets: { y: [1] },
  layers: [hidden(8), dense(1)],
  loss: sigmoidCrossEntropy(),
});
`;

export const LAYERS_TS = `export function hidden(units: number) {
  return { type: "dense" as const, units, activation: "tanh" as const };
}

export function fail(reason: string): never {
  throw new Error(reason);
}
`;

/** A spec module whose default export is a function that throws from a helper (line 5 there). */
export const THROWING_TS = `import { fail } from "./lib/layers.ts";

export default () => fail("no spec today");
`;

export const FILES: Record<string, string> = {
  "xor.json": XOR_JSON,
  "xor.net.ts": XOR_TS,
  "lib/layers.ts": LAYERS_TS,
  "throwing.net.ts": THROWING_TS,
  "bad.json": `{\n  "name": "xor",\n  "maxBatch": 4 4\n}\n`,
  "syntax.net.ts": `export default {\n  name: "xor",,\n};\n`,
  "no-default.net.ts": `export const spec = { name: "xor" };\n`,
  "async.net.mjs": `import { readFile } from "node:fs/promises";\nexport default async () => JSON.parse(await readFile(new URL("./xor.json", import.meta.url), "utf8"));\n`,
  "top-level.net.js": `const reason = "broken at load";\nthrow new RangeError(reason);\n`,
  "notes.yaml": "name: xor\n",
};

export interface TempProject {
  dir: string;
  remove(): void;
}

/** A fresh folder holding `files` (path → content). */
export function tempProject(files: Record<string, string> = FILES): TempProject {
  const dir = mkdtempSync(join(tmpdir(), "tapeless-cli-test-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
