// A small project importing a spec through a bundler plugin: a TS spec importing the tapeless
// builders and a local helper, an entry that trains it, and a JSON spec with an invalid field.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const FILES: Record<string, string> = {
  "models/xor.net.ts": `import { dense, mse, sequential, sgd } from "tapeless";
import { hidden } from "./layers.ts";

export default sequential({
  name: "xor",
  maxBatch: 4,
  seed: 3,
  inputs: { x: [2] },
  targets: { y: [1] },
  layers: [hidden(8), dense(1, { activation: "sigmoid" })],
  loss: mse(),
  optimizer: sgd(0.5),
});
`,
  "models/layers.ts": `export const hidden = (units: number) => ({ type: "dense" as const, units, activation: "tanh" as const });\n`,
  "main.ts": `import { Model, layout } from "./models/xor.net.ts?tapeless";

/** Trains XOR for \`steps\` steps; returns [paramCount, first loss, last loss]. */
export function train(steps: number): number[] {
  const model = new Model({ seed: 1 });
  const x = new Float32Array([0, 0, 0, 1, 1, 0, 1, 1]);
  const y = new Float32Array([0, 1, 1, 0]);
  let first = 0;
  let last = 0;
  for (let i = 0; i < steps; i++) {
    last = model.trainStep(x, y);
    if (i === 0) first = last;
  }
  return [layout.paramCount, first, last];
}
`,
  // The usual Vite style: a spec named from the root (/models/...), not from the importing file.
  "src/root-main.ts": `export { train } from "../main.ts";
export { layout as rootLayout } from "/models/xor.net.ts?tapeless";
`,
  "bad.json": `{ "name": "bad", "inputs": { "x": [2] }, "targets": { "y": [1] },
  "layers": [ { "type": "dense", "units": -3 } ], "loss": { "type": "mse" } }
`,
  "bad-main.ts": `import { Model } from "./bad.json?tapeless";\nexport const model = new Model();\n`,
};

export interface Fixture {
  dir: string;
  read(name: string): string;
  write(name: string, text: string): void;
  remove(): void;
}

export function fixtureProject(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), "tapeless-plugin-test-"));
  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  for (const [name, text] of Object.entries(FILES)) write(name, text);
  return {
    dir,
    read: (name) => readFileSync(join(dir, name), "utf8"),
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Imports that only work in Node: a bundle for the browser must have none. */
export const NODE_ONLY =
  /\bfrom\s*["'](?:node:|fs|path|os|url|crypto|module|child_process)["'/]|\brequire\s*\(|\bprocess\.|import\s*\(\s*["']node:/;
