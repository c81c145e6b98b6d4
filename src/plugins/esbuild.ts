// esbuild plugin: `import { Model, layout } from "./model.net.ts?tapeless"` bundles the compiled
// module. The spec and its local imports are watch files (esbuild's watch mode rebuilds on
// change); a bad spec is an esbuild error naming the file and field. Types: tapeless/client.
import type { Plugin } from "esbuild";
import { dirname, isAbsolute, resolve } from "node:path";
import {
  compileSpecModule,
  internalErrorMessage,
  relativePath,
  SpecModuleError,
  stripSuffix,
  type TapelessPluginOptions,
} from "./core.ts";

export type { TapelessPluginOptions };

const NAMESPACE = "tapeless";

export function tapeless(options: TapelessPluginOptions = {}): Plugin {
  return {
    name: "tapeless",
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onResolve({ filter: /\?tapeless$/ }, async (args) => {
        const bare = stripSuffix(args.path)!;
        let file: string;
        if (bare.startsWith(".") || isAbsolute(bare)) file = resolve(args.resolveDir, bare);
        else {
          const found = await build.resolve(bare, {
            kind: args.kind,
            importer: args.importer,
            resolveDir: args.resolveDir,
          });
          if (found.errors.length > 0) return { errors: found.errors };
          file = found.path;
        }
        // Paths in this namespace are relative to the project, so bundles hold no absolute path.
        return { path: relativePath(root, file), namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const file = resolve(root, args.path);
        try {
          const compiled = await compileSpecModule(file, root, options);
          const warnings = compiled.diagnostics.map((text) => ({
            text: `${args.path}: ${text}`,
            location: { file: args.path },
          }));
          return {
            contents: compiled.code,
            loader: compiled.emit,
            resolveDir: dirname(file),
            watchFiles: compiled.inputs,
            warnings,
          };
        } catch (e) {
          if (!(e instanceof SpecModuleError))
            return { errors: [{ text: internalErrorMessage(e) }], watchFiles: [file] };
          const location = {
            file: args.path,
            ...(e.line ? { line: e.line, column: (e.column ?? 1) - 1 } : {}),
          };
          return { errors: [{ text: e.message, location }], watchFiles: [file] };
        }
      });
    },
  };
}

export default tapeless;
