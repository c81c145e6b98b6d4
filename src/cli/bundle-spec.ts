// Bundles a TypeScript/JavaScript spec module with esbuild into one ESM file. The bare import
// "tapeless" resolves to this package's own source; other packages stay external, pointed at
// their absolute location so the bundle can run from a temporary folder.
import { build, type Message, type Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { dirname, extname, isAbsolute, join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { FileError } from "../../compiler/errors.ts";
import { displayPath } from "./user-stack.ts";

const NESTED = Symbol("tapeless-nested-resolve");

/** What "tapeless" means inside a spec: the spec front end alone (builders, types) or everything. */
export type TapelessEntry = "spec" | "full";

const ENTRIES: Record<TapelessEntry, string[]> = {
  // Builders and types without the compiler: loading a spec does not load prettier or ts-morph.
  spec: ["src", "spec", "index.ts"],
  full: ["src", "index.ts"],
};

/** esbuild plugin: "tapeless" → this package's source; other packages external by absolute URL. */
export function tapelessResolver(root: string, entry: TapelessEntry = "full"): Plugin {
  return {
    name: "tapeless-resolver",
    setup(b) {
      b.onResolve({ filter: /^tapeless$/ }, () => ({ path: join(root, ...ENTRIES[entry]) }));
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === NESTED || isAbsolute(args.path)) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: NESTED,
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external) return { path: resolved.path, external: true };
        return { path: pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

const META = /\bimport\.meta\.(url|dirname|filename)\b/g;
const LOADERS = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
} as const;

/**
 * esbuild plugin: in the user's own files, `import.meta.url`, `.dirname` and `.filename` keep
 * naming the original file (not the temporary bundle), so specs can read files next to them.
 */
export function originalImportMeta(): Plugin {
  return {
    name: "tapeless-import-meta",
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const loader = LOADERS[extname(args.path) as keyof typeof LOADERS];
        if (!loader || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = await readFile(args.path, "utf8");
        if (!text.includes("import.meta.")) return undefined;
        const values = {
          url: pathToFileURL(args.path).href,
          dirname: dirname(args.path),
          filename: args.path,
        };
        const contents = text.replace(META, (_, key: keyof typeof values) =>
          JSON.stringify(values[key]),
        );
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}

export interface BundledSpec {
  /** The bundled module's code, with an inline source map relative to the output file. */
  code: string;
  /** Absolute paths of the user's files in the bundle (the entry first; not tapeless, not packages). */
  inputs: string[];
}

/** The bundled module's code, with an inline source map relative to `outFile`. */
export async function bundleSpecModule(
  entry: string,
  outFile: string,
  root: string,
): Promise<string> {
  return (await bundleSpec(entry, outFile, root)).code;
}

/**
 * Bundles `entry` and lists the files it was made from (for watch mode and the build cache).
 * "tapeless" first means the spec front end only (fast to load); a spec importing anything else
 * from it (say `COMPILER_VERSION`) is bundled again against the whole package.
 */
export async function bundleSpec(
  entry: string,
  outFile: string,
  root: string,
): Promise<BundledSpec> {
  try {
    return await bundleWith(entry, outFile, root, "spec");
  } catch (e) {
    // If the missing export is the user's own mistake, the second bundle reports it again.
    const errors = (e as { errors?: Message[] }).errors ?? [];
    if (!errors.some((m) => m.text.startsWith("No matching export in"))) throw toFileError(e);
    try {
      return await bundleWith(entry, outFile, root, "full");
    } catch (again) {
      throw toFileError(again);
    }
  }
}

function toFileError(e: unknown): unknown {
  const errors = (e as { errors?: Message[] }).errors;
  if (!errors?.length) return e;
  return new FileError(errors.slice(0, 5).map(formatMessage).join("\n"));
}

async function bundleWith(
  entry: string,
  outFile: string,
  root: string,
  tapeless: TapelessEntry,
): Promise<BundledSpec> {
  const cwd = process.cwd();
  const result = await build({
    entryPoints: [entry],
    outfile: outFile,
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    logLevel: "silent",
    metafile: true,
    absWorkingDir: cwd,
    plugins: [tapelessResolver(root, tapeless), originalImportMeta()],
  });
  const isOurs = (file: string) =>
    ["src", "compiler", "dist"].some((d) => file.startsWith(join(root, d) + sep)) ||
    file.includes(`${sep}node_modules${sep}`);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((key) => !/^[a-z-]+:/.test(key) || key.startsWith("file:"))
    .map((key) => resolve(cwd, key.replace(/^file:/, "")))
    .filter((file) => !isOurs(file) && file !== entry);
  return { code: result.outputFiles[0]!.text, inputs: [entry, ...[...new Set(inputs)].sort()] };
}

/** `file:line:col: text`, as compilers print it (esbuild columns are 0-based). */
export function formatMessage(m: Message): string {
  const loc = m.location;
  const where = loc ? `${displayPath(resolve(loc.file))}:${loc.line}:${loc.column + 1}: ` : "";
  return `${where}${m.text}`;
}
