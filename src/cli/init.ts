// `tapeless init [dir]`: a starter spec (models/model.net.ts, or .net.json with "$schema" for
// editor completion) and npm scripts to build and check it; in a CommonJS package the scripts emit
// CommonJS. An existing spec is kept unless --force; an existing script of the same name is kept.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { parseSpecJson } from "../spec/json.ts";
import { readTextFile, withFileErrors } from "./fs-errors.ts";
import { FileError } from "../../compiler/errors.ts";
import { quote } from "../spec/issues.ts";
import type { EmitKind } from "../index.ts";
import { printable, type Ui } from "./ui.ts";
import { displayPath } from "./user-stack.ts";
import { writeFileAtomic } from "./write-atomic.ts";

export interface InitOptions {
  json?: boolean;
  force?: boolean;
  /** Output kind for the scripts; default cjs in a CommonJS package, else ts. */
  emit?: EmitKind;
}

/** How the app imports the generated module, per output kind. */
const USAGE: Record<EmitKind, string> = {
  ts: `import { Model } from "./generated/model.ts";`,
  js: `import { Model } from "./generated/model.js";`,
  cjs: `const { Model } = require("./generated/model.cjs");`,
};

export const STARTER_TS = `// A starter network: 2 inputs → 16 tanh units → 1 logit, trained with sigmoid cross-entropy.
// Edit it and run \`npm run build:models\`: tapeless compiles it to generated/model.ts.
import { adam, dense, sequential, sigmoidCrossEntropy } from "tapeless";

export default sequential({
  name: "model",
  maxBatch: 32,
  seed: 1,
  inputs: { x: [2] },
  targets: { y: [1] },
  layers: [dense(16, { activation: "tanh" }), dense(1)],
  loss: sigmoidCrossEntropy(),
  optimizer: adam(0.01),
});
`;

export const STARTER_JSON = `${JSON.stringify(
  {
    $schema: "../node_modules/tapeless/schema/tapeless.schema.json",
    name: "model",
    maxBatch: 32,
    seed: 1,
    inputs: { x: [2] },
    targets: { y: [1] },
    layers: [
      { type: "dense", units: 16, activation: "tanh" },
      { type: "dense", units: 1 },
    ],
    loss: { type: "sigmoidCrossEntropy" },
    optimizer: { type: "adam", lr: 0.01 },
  },
  null,
  2,
)}\n`;

export async function runInit(
  dir: string | undefined,
  options: InitOptions,
  ui: Ui,
): Promise<number> {
  const root = resolve(dir ?? ".");
  const ext = options.json ? "json" : "ts";
  const specRel = `models/model.net.${ext}`;
  const glob = `models/*.net.${ext}`;
  const specFile = join(root, specRel);
  const { c } = ui;

  const pkgFile = join(root, "package.json");
  const pkg = printable(displayPath(pkgFile));
  const commonjs = (await packageType(pkgFile)) === "commonjs";
  const emit = options.emit ?? (commonjs ? "cjs" : "ts");
  const flag = emit === "ts" ? "" : ` --emit ${emit}`;
  const scripts = {
    "build:models": `tapeless build "${glob}" --out generated${flag}`,
    "check:models": `tapeless build "${glob}" --out generated${flag} --check`,
  };
  // Everything that can fail on the user's files is checked before anything is written.
  const { added, kept, write: writeScripts } = await planScripts(pkgFile, scripts);

  await withFileErrors("create", displayPath(join(root, "models")), () =>
    mkdir(join(root, "models"), { recursive: true }),
  );
  if (existsSync(specFile) && !options.force) {
    ui.info(`${c.yellow("•")} kept ${printable(displayPath(specFile))} (it exists; --force overwrites it)`);
  } else {
    await withFileErrors("write", displayPath(specFile), () =>
      writeFileAtomic(specFile, options.json ? STARTER_JSON : STARTER_TS),
    );
    ui.info(`${c.green("✓")} wrote ${printable(displayPath(specFile))}`);
  }
  await writeScripts();
  if (commonjs && !options.emit)
    ui.info(
      `${c.yellow("•")} ${pkg} makes a CommonJS package (no "type": "module"): the scripts write CommonJS (--emit cjs), which require() loads in plain Node`,
    );
  if (added.length > 0)
    ui.info(
      `${c.green("✓")} added ${added.map((s) => `"${s}"`).join(", ")} to the scripts in ${pkg}`,
    );
  for (const name of kept)
    ui.info(
      `${c.yellow("•")} kept the existing script "${name}" in ${pkg}; tapeless would use: ${scripts[name as keyof typeof scripts]}`,
    );

  const cd = dir && root !== process.cwd() ? `cd ${printable(displayPath(root))} && ` : "";
  const rows: [string, string][] = [
    [`${cd}npm install --save-dev tapeless`, "# if it is not installed yet"],
    ["npm run build:models", `# compiles ${specRel} into generated/model.${emit}`],
    ["npm run check:models", "# in CI: fails when generated/ is stale"],
  ];
  const width = Math.max(...rows.map(([cmd]) => cmd.length)) + 2;
  ui.info(`
Next:
${rows.map(([cmd, note]) => `  ${cmd.padEnd(width)}${c.dim(note)}`).join("\n")}

Then, in your code:
  ${USAGE[emit]}
  const model = new Model();
  const loss = model.trainStep(x, y); ${c.dim("// x: Float32Array [batch × 2], y: [batch × 1]")}`);
  return 0;
}

/** "commonjs" for an existing package.json without "type": "module" (what `npm init -y` makes). */
async function packageType(file: string): Promise<"module" | "commonjs"> {
  if (!existsSync(file)) return "module"; // the package.json init writes says so
  const pkg = parseSpecJson(await readTextFile(file), displayPath(file)) as { type?: unknown };
  return pkg?.type === "module" ? "module" : "commonjs";
}

/**
 * Adding `scripts` to package.json (created if missing), keeping every existing script and the
 * file's indentation: the file is read and checked here; `write` does it.
 */
async function planScripts(
  file: string,
  scripts: Record<string, string>,
): Promise<{ added: string[]; kept: string[]; write: () => Promise<void> }> {
  const exists = existsSync(file);
  const text = exists ? await readTextFile(file) : "";
  const where = displayPath(file);
  const pkg = exists
    ? parseSpecJson(text, where)
    : { name: packageName(file), version: "0.0.0", private: true, type: "module" };
  if (!isObject(pkg)) throw new FileError(`${where}: expected a JSON object, got ${quote(pkg)}`);
  const current = pkg.scripts ?? {};
  if (!isObject(current)) {
    throw new FileError(`${where}: "scripts" must be an object mapping names to commands, got ${quote(current)}`);
  }
  const added: string[] = [];
  const kept: string[] = [];
  const merged: Record<string, unknown> = { ...current };
  for (const [name, command] of Object.entries(scripts)) {
    if (!Object.hasOwn(current, name)) {
      merged[name] = command;
      added.push(name);
    } else if (current[name] !== command) kept.push(name);
  }
  const write = async () => {
    if (added.length === 0) return;
    const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? "  ";
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const json = JSON.stringify({ ...pkg, scripts: merged }, null, indent).replace(/\n/g, eol);
    await withFileErrors("write", where, () => writeFileAtomic(file, `${json}${eol}`));
  };
  return { added, kept, write };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function packageName(file: string): string {
  const dir = basename(resolve(file, ".."));
  return (
    dir
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[._-]+/, "") || "models"
  );
}
