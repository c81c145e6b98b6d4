// The Vite plugin through Vite itself: a real `build()` of a small library whose entry imports a
// spec with `?tapeless` (the output runs in Node, with no Node-only imports), a bad spec failing
// the build with file and field, and the dev server recompiling a spec when it or a file it
// imports changes, sending a reload to what imports it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tapeless } from "../../src/plugins/vite.ts";
import { fixtureProject, NODE_ONLY, type Fixture } from "./fixtures.ts";

let project: Fixture;
beforeAll(() => {
  project = fixtureProject();
});
afterAll(() => project.remove());

const libraryBuild = (entry: string, outDir: string, emit?: "ts" | "js") =>
  build({
    root: project.dir,
    configFile: false,
    logLevel: "silent",
    plugins: [tapeless(emit ? { emit } : {})],
    build: {
      outDir,
      minify: false,
      lib: { entry: join(project.dir, entry), formats: ["es"], fileName: () => "bundle.js" },
    },
  });

describe("tapeless/vite build", () => {
  it("bundles the compiled module; the output runs and trains", async () => {
    await libraryBuild("main.ts", "dist");
    const file = join(project.dir, "dist", "bundle.js");
    expect(existsSync(file)).toBe(true);
    const bundle = project.read("dist/bundle.js");
    expect(bundle).not.toMatch(NODE_ONLY);
    // the compiled module is named relative to the root (rolldown's own comment for main.ts is
    // relative to the process cwd, which is not ours to change)
    expect(bundle).toContain("tapeless:models/xor.net.ts.model.js");
    expect(bundle).not.toContain(join(project.dir, "models"));
    const { train } = (await import(pathToFileURL(file).href)) as {
      train: (steps: number) => number[];
    };
    const [params, first, last] = train(300);
    expect(params).toBe(33);
    expect(last).toBeLessThan(first);
  });

  it("resolves a root-relative import (/models/xor.net.ts?tapeless) against Vite's root", async () => {
    await libraryBuild("src/root-main.ts", "dist-root");
    const { rootLayout } = (await import(pathToFileURL(join(project.dir, "dist-root", "bundle.js")).href)) as {
      rootLayout: { name: string; paramCount: number };
    };
    expect(rootLayout).toMatchObject({ name: "xor", paramCount: 33 });
  });

  it("with { emit: \"js\" } bundles the JavaScript module, which trains bit for bit the same", async () => {
    await libraryBuild("main.ts", "dist-js", "js");
    const train = async (dir: string) =>
      ((await import(pathToFileURL(join(project.dir, dir, "bundle.js")).href)) as { train: (steps: number) => number[] }).train(50);
    expect(await train("dist-js")).toEqual(await train("dist"));
  });

  it("fails the build with the spec file and field, not a crash", async () => {
    const error = (await libraryBuild("bad-main.ts", "dist-bad").catch(
      (e: unknown) => e,
    )) as Error & { plugin?: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(
      "bad.json:2:43: layers[0].units: expected a positive integer, got -3",
    );
    expect(error.message).not.toMatch(/internal compiler error/);
  });
});

describe("tapeless/vite dev server", () => {
  let server: ViteDevServer;
  beforeAll(async () => {
    server = await createServer({
      root: project.dir,
      configFile: false,
      logLevel: "silent",
      plugins: [tapeless()],
      server: { middlewareMode: true, hmr: { port: 0 }, watch: { usePolling: false } },
      appType: "custom",
    });
  });
  afterAll(() => server?.close());

  it("serves a root-relative import (/models/xor.net.ts?tapeless) from Vite's root", async () => {
    const env = server.environments.client;
    const entry = await env.transformRequest("/src/root-main.ts");
    expect(entry?.code).toContain("/@id/__x00__tapeless:models/xor.net.ts.model.js");
    const specUrl = [...env.moduleGraph.idToModuleMap.values()].find((m) =>
      m.id?.includes("xor.net.ts"),
    )!.url;
    const compiled = await env.transformRequest(specUrl);
    expect(compiled?.code).toMatch(/paramCount: 33\b/);
  });

  it("recompiles a spec when it or its imports change and reloads its importers", async () => {
    const env = server.environments.client;
    const send = vi.spyOn(env.hot, "send");
    const first = await env.transformRequest("/main.ts");
    expect(first?.code).toContain("/@id/__x00__tapeless:models/xor.net.ts.model.js");
    const specUrl = [...env.moduleGraph.idToModuleMap.values()].find((m) =>
      m.id?.includes("xor.net.ts"),
    )!.url;
    const before = (await env.transformRequest(specUrl))!.code;
    expect(before).toMatch(/paramCount: 33\b/);

    // Edit the helper the spec imports: 8 → 16 hidden units.
    project.write(
      "models/layers.ts",
      project.read("models/layers.ts").replace("units, ", "units: units * 2, "),
    );
    await vi.waitFor(() => expect(send).toHaveBeenCalled(), { timeout: 10_000, interval: 50 });
    const after = (await env.transformRequest(specUrl))!.code;
    expect(after).toMatch(/paramCount: 65\b/);
    const payloads = send.mock.calls.map((c) => JSON.stringify(c[0]));
    expect(payloads.some((p) => /full-reload|"update"/.test(p))).toBe(true);
  });
});
