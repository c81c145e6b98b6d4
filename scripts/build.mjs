// Builds the package entry points (library and CLI) into dist/ with esbuild.
// Run by `npm install` (prepare), so a fresh clone has a working `tapeless` binary.
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
};

await build({ ...common, entryPoints: { index: "src/index.ts", data: "src/data/index.ts" }, outdir: "dist" });
await build({
  ...common,
  entryPoints: { cli: "src/cli/main.ts" },
  outdir: "dist",
  banner: { js: "#!/usr/bin/env node" },
});
chmodSync("dist/cli.js", 0o755);
