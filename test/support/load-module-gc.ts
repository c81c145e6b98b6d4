// Loads generated TypeScript as a plain function body instead of an ES module, so the module can be
// garbage-collected: Node never frees an imported module (data: URL or file), which over thousands
// of fuzz cases grows the heap by gigabytes. Generated modules import nothing, so esbuild's CommonJS
// output of one runs as it is with a `module` object handed in.
import { transform } from "esbuild";
import type { LoadedModule } from "./load-module.ts";

export async function loadModuleCollectable(code: string): Promise<LoadedModule> {
  const js = await transform(code, { loader: "ts", format: "cjs", target: "node20" });
  const module = { exports: {} as Record<string, unknown> };
  new Function("module", "exports", js.code)(module, module.exports);
  return module.exports as unknown as LoadedModule;
}
