// Locates this package's own root (the folder holding its package.json) from the running module,
// so paths work the same from src/ (tests, tsx) and from the bundled dist/cli.js.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface PackageJson {
  name?: string;
  version?: string;
}

function readPackageJson(dir: string): PackageJson | undefined {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as PackageJson;
}

/** The nearest ancestor of `fromUrl` whose package.json is named "tapeless". */
export function packageRoot(fromUrl: string = import.meta.url): string {
  const start = dirname(fileURLToPath(fromUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (readPackageJson(dir)?.name === "tapeless") return dir;
    if (dirname(dir) === dir) throw new Error(`tapeless package.json not found above ${start}`);
  }
}

export function packageVersion(root: string = packageRoot()): string {
  return readPackageJson(root)?.version ?? "0.0.0";
}
