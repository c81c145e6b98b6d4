// Builds the package into dist/ with esbuild: the library entry points (tapeless, tapeless/data,
// tapeless/esbuild, tapeless/vite) and the CLI, each split into chunks loaded on demand (so
// `tapeless --version` does not load the compiler); then writes schema/tapeless.schema.json from
// the validator's zod schema. Run before `npm test` (pretest), by `npm run build` and by `npm pack`
// (prepack: the package ships built, with no install-time script). Deterministic: the same
// sources give the same files.
import { build } from "esbuild";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { pathToFileURL } from "node:url";

/** Each file replaced in one rename, so a build running while tests spawn dist/cli.js is safe. */
function writeAtomic(file, contents, mode) {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents, mode === undefined ? undefined : { mode });
  renameSync(temp, file);
}

async function buildAtomic(options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const f of outputFiles) {
    const isCli = relative(process.cwd(), f.path) === "dist/cli.js";
    writeAtomic(f.path, f.contents, isCli ? 0o755 : undefined);
  }
}

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  splitting: true,
  outdir: "dist",
};

await buildAtomic({
  ...common,
  entryPoints: {
    index: "src/index.ts",
    data: "src/data/index.ts",
    esbuild: "src/plugins/esbuild.ts",
    vite: "src/plugins/vite.ts",
  },
  chunkNames: "chunks/lib-[hash]",
});
await buildAtomic({
  ...common,
  entryPoints: { cli: "src/cli/bin.ts" },
  chunkNames: "chunks/cli-[hash]",
  banner: { js: "#!/usr/bin/env node" },
});

// The JSON Schema, generated from src/spec/schema.ts through src/spec/json-schema.ts.
const { outputFiles } = await build({
  ...common,
  splitting: false,
  sourcemap: false,
  entryPoints: ["src/spec/json-schema.ts"],
  write: false,
});
const temp = `dist/.schema-${process.pid}.mjs`;
writeFileSync(temp, outputFiles[0].text);
try {
  const { specJsonSchemaText } = await import(pathToFileURL(temp).href);
  writeAtomic("schema/tapeless.schema.json", specJsonSchemaText());
} finally {
  rmSync(temp, { force: true });
}
