// `tapeless build --watch`: builds every spec, then rebuilds a spec whenever its file or any local
// file it imports changes (the import list is refreshed on every build). A quoted glob is followed
// too: a new file that matches it is built, a deleted one is dropped (its output is left alone).
// Errors are printed and the watch goes on; Ctrl-C (SIGINT) or SIGTERM stops it with exit 0.
import { watch, type FSWatcher } from "chokidar";
import { mkdir } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { isUserError } from "../../compiler/errors.ts";
import { BuildCache, defaultCacheDir } from "./build-cache.ts";
import { buildSpec, checkUniqueNames, deliver, type BuildOptions, type Output } from "./build.ts";
import { withFileErrors } from "./fs-errors.ts";
import { expandSpecArgs, globBase, isGlob, matchGlob } from "./glob.ts";
import { reportError } from "./report-error.ts";
import { printable, printableText, type Ui } from "./ui.ts";
import { displayPath } from "./user-stack.ts";

interface Watched {
  inputs: string[];
  /** What its last successful build wrote. */
  output?: Output;
}

export async function runWatch(
  args: string[],
  options: BuildOptions,
  ui: Ui,
): Promise<number> {
  const specs = expandSpecArgs(args);
  const globs = args.filter(isGlob);
  const cache = options.cache === false ? undefined : new BuildCache(defaultCacheDir());
  const state = new Map<string, Watched>(specs.map((s) => [s, { inputs: [resolve(s)] }]));
  await withFileErrors("create", options.out, () => mkdir(options.out, { recursive: true }));
  let watcher: FSWatcher | undefined;
  let stopping = false; // set on Ctrl-C: no new rebuilds, no new watched files
  let flushing: Promise<void> = Promise.resolve();

  const rebuild = async (spec: string) => {
    try {
      const b = await buildSpec(spec, options, cache);
      const others = [...state].filter(([other]) => other !== spec).map(([, w]) => w.output);
      checkUniqueNames([...others.filter((o) => o !== undefined), b]);
      await deliver(b, options.out, ui, cache);
      if (options.inspect) await (await import("./inspect-html.ts")).writeInspectPage(spec, options, ui);
      const output = { spec, name: b.name, fileName: b.fileName };
      state.set(spec, { inputs: b.inputs, output });
    } catch (e) {
      if (isUserError(e)) ui.error(`✗ ${printableText(e.message)}`);
      else reportError(e, (text) => ui.error(text.trimEnd()));
    }
    if (!stopping) watcher?.add(state.get(spec)!.inputs);
  };

  for (const spec of specs) await rebuild(spec);
  const initial = [...new Set([...state.values()].flatMap((w) => w.inputs))];
  const folders = [...new Set(globs.map((g) => resolve(globBase(g))))];
  const active = watch([...initial, ...folders], {
    ignoreInitial: true,
    persistent: true,
    // Inside a glob's folder: never node_modules or dot-folders (the cache lives in one).
    ignored: (path) => /^(node_modules|\..+)$/.test(basename(path)) && !initial.includes(path),
  });
  watcher = active;

  // Changes are collected while a rebuild runs and handled together afterwards.
  const pending = new Set<string>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  /** Builds the specs that appeared under a glob since the last look, drops the ones that went. */
  const followGlobs = async (): Promise<string[]> => {
    if (globs.length === 0) return [];
    // A glob that matches nothing any more is no error here: its specs are simply gone.
    const now = [...new Set(args.flatMap((a) => (isGlob(a) ? matchGlob(a) : [a])))];
    for (const gone of specs.filter((s) => !now.includes(s))) {
      specs.splice(specs.indexOf(gone), 1);
      state.delete(gone);
      ui.info(`${ui.c.cyan("−")} ${printable(gone)} removed; its generated file is left in place`);
    }
    const added = now.filter((s) => !specs.includes(s));
    for (const spec of added) {
      specs.push(spec);
      state.set(spec, { inputs: [resolve(spec)] });
      ui.info(`${ui.c.cyan("+")} ${printable(spec)} added`);
      await rebuild(spec);
    }
    return added;
  };
  const flush = async () => {
    if (running) return;
    running = true;
    while (pending.size > 0) {
      const changed = [...pending];
      pending.clear();
      const added = await followGlobs(); // just built: their own creation is no change to rebuild
      const affected = specs.filter(
        (s) => !added.includes(s) && changed.some((f) => state.get(s)!.inputs.includes(f)),
      );
      for (const spec of affected) {
        const why = changed.filter((f) => state.get(spec)!.inputs.includes(f));
        const imported = why.filter((f) => f !== resolve(spec)).map((f) => displayPath(f));
        const what =
          imported.length > 0
            ? `${imported.join(", ")} changed (imported by ${spec})`
            : `${spec} changed`;
        ui.info(`${ui.c.cyan("↻")} ${printable(what)}`);
        await rebuild(spec);
      }
    }
    running = false;
  };
  active.on("all", (event, path) => {
    if (event === "addDir" || event === "unlinkDir") return;
    pending.add(resolve(path));
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!stopping && !running) flushing = flush();
    }, 50);
  });
  await new Promise<void>((done) => active.on("ready", () => done()));
  const files = initial.length;
  ui.info(
    `${ui.c.dim(`watching ${specs.length} ${specs.length === 1 ? "spec" : "specs"} (${files} ${files === 1 ? "file" : "files"}); press Ctrl-C to stop`)}`,
  );

  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  // Stop taking changes, let a rebuild under way finish (it writes atomically), then let go.
  stopping = true;
  clearTimeout(timer);
  pending.clear();
  await flushing;
  await active.close();
  return 0;
}
