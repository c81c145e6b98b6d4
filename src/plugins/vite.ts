// Vite plugin: `import { Model, layout } from "./model.net.ts?tapeless"` (or root-relative,
// "/models/model.net.ts?tapeless") gives the compiled module in dev and build. In dev, the spec and every local file it imports are watched: editing one
// recompiles the spec and reloads what imports it. A bad spec is a Vite error naming the file and
// field (the dev overlay shows it). Types: tapeless/client.
import type { Plugin } from "vite";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import {
  compileSpecModule,
  internalErrorMessage,
  relativePath,
  SpecModuleError,
  stripSuffix,
  type TapelessPluginOptions,
} from "./core.ts";

export type { TapelessPluginOptions };

/** Virtual id of a compiled spec (`\0tapeless:<path from root>.model.js`): no other plugin (JSON, TypeScript) claims it. */
const PREFIX = "\0tapeless:";
const END = ".model.js";

export function tapeless(options: TapelessPluginOptions = {}): Plugin {
  let root = process.cwd();
  /** Virtual id → input files of its last successful (or failed) compile. */
  const inputsOf = new Map<string, string[]>();
  return {
    name: "tapeless",
    enforce: "pre",
    configResolved(config) {
      root = config.root;
    },
    async resolveId(source, importer) {
      const bare = stripSuffix(source);
      if (bare === undefined) return null;
      let file: string;
      if (bare.startsWith("/")) file = rootRelative(root, bare);
      else if (bare.startsWith(".") || isAbsolute(bare)) {
        file = resolve(importer && !importer.startsWith("\0") ? dirname(importer) : root, bare);
      } else {
        const found = await this.resolve(bare, importer, { skipSelf: true });
        if (!found) return null;
        file = found.id;
      }
      // Relative to the root: ids (and comments in unminified bundles) hold no absolute path.
      return `${PREFIX}${relativePath(root, file)}${END}`;
    },
    async load(id) {
      if (!id.startsWith(PREFIX) || !id.endsWith(END)) return null;
      const file = resolve(root, id.slice(PREFIX.length, -END.length));
      try {
        const compiled = await compileSpecModule(file, root, options);
        inputsOf.set(id, compiled.inputs);
        for (const input of compiled.inputs) this.addWatchFile(input);
        for (const d of compiled.diagnostics) this.warn(`${relativePath(root, file)}: ${d}`);
        if (compiled.emit === "js") return { code: compiled.code, map: null };
        const { transform } = await import("esbuild");
        const js = await transform(compiled.code, {
          loader: "ts",
          format: "esm",
          target: "es2022",
        });
        return { code: js.code, map: null };
      } catch (e) {
        for (const input of inputsOf.get(id) ?? [file]) this.addWatchFile(input);
        if (e instanceof SpecModuleError)
          this.error({
            message: e.message,
            id: file,
            loc: e.line ? { file, line: e.line, column: (e.column ?? 1) - 1 } : undefined,
          });
        this.error(internalErrorMessage(e));
      }
    },
    hotUpdate({ file, modules }) {
      // A spec or one of its imports changed: invalidate the compiled modules built from it, so
      // the update propagates to (and reloads) whatever imports them.
      const affected = [...inputsOf]
        .filter(([, inputs]) => inputs.includes(file))
        .map(([id]) => id);
      if (affected.length === 0) return;
      const graph = this.environment.moduleGraph;
      const mods = affected.flatMap((id) => {
        const mod = graph.getModuleById(id);
        return mod ? [mod] : [];
      });
      return [...new Set([...modules, ...mods])];
    },
  };
}

/**
 * `/models/x.net.ts`, as Vite reads it: relative to the root, unless only the file-system path
 * exists (an absolute path a tool wrote). A file that is in neither place is named under the root.
 */
function rootRelative(root: string, path: string): string {
  const underRoot = join(root, path);
  return existsSync(underRoot) || !existsSync(path) ? underRoot : path;
}

export default tapeless;
