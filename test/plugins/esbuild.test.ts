// The esbuild plugin through a real esbuild build(): a spec imported with `?tapeless` is compiled
// into the bundle (browser platform: no Node-only imports), the bundle runs in Node and trains,
// and a bad spec is an esbuild error naming the file and the field.
import { build, type BuildFailure } from "esbuild";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tapeless } from "../../src/plugins/esbuild.ts";
import { fixtureProject, NODE_ONLY, type Fixture } from "./fixtures.ts";

let project: Fixture;
beforeAll(() => {
  project = fixtureProject();
});
afterAll(() => project.remove());

const options = (entry: string, outfile: string, emit?: "ts" | "js", target?: "js" | "wasm") => ({
  absWorkingDir: project.dir,
  entryPoints: [entry],
  outfile,
  bundle: true,
  format: "esm" as const,
  platform: "browser" as const,
  logLevel: "silent" as const,
  metafile: true,
  plugins: [tapeless({ ...(emit ? { emit } : {}), ...(target ? { target } : {}) })],
});

describe("tapeless/esbuild", () => {
  it("bundles the compiled module; the bundle runs and trains", async () => {
    const result = await build(options("main.ts", "out/bundle.js"));
    expect(result.errors).toEqual([]);
    const bundle = project.read("out/bundle.js");
    expect(bundle).not.toMatch(NODE_ONLY);
    expect(bundle).not.toContain(project.dir); // no absolute paths
    expect(bundle).toContain("// tapeless:models/xor.net.ts"); // the compiled module, named relatively
    // the spec and its local import are watch inputs of the build
    expect(Object.keys(result.metafile!.inputs)).toContain("tapeless:models/xor.net.ts");
    const { train } = (await import(pathToFileURL(join(project.dir, "out/bundle.js")).href)) as {
      train: (steps: number) => number[];
    };
    const [params, first, last] = train(300);
    expect(params).toBe(33);
    expect(last).toBeLessThan(first);
  });

  it("with { emit: \"js\" } hands esbuild the JavaScript module, which trains bit for bit the same", async () => {
    const train = async (emit: "ts" | "js") => {
      const out = `out/bundle-${emit}.js`;
      expect((await build(options("main.ts", out, emit))).errors).toEqual([]);
      const url = pathToFileURL(join(project.dir, out)).href;
      return ((await import(url)) as { train: (steps: number) => number[] }).train(50);
    };
    expect(await train("js")).toEqual(await train("ts"));
    expect(project.read("out/bundle-js.js")).not.toContain("Float32Array | Float64Array");
  });

  it("with { target: \"wasm\" } bundles the WebAssembly target's module, which trains as the JavaScript one does", async () => {
    const train = async (target: "js" | "wasm") => {
      const out = `out/bundle-${target}-target.js`;
      expect((await build(options("main.ts", out, undefined, target))).errors).toEqual([]);
      const url = pathToFileURL(join(project.dir, out)).href;
      return ((await import(url)) as { train: (steps: number) => number[] }).train(50);
    };
    const [wasm, js] = [await train("wasm"), await train("js")];
    expect(project.read("out/bundle-wasm-target.js")).toContain("wasmBinary");
    expect(wasm[0]).toBe(js[0]);
    for (let i = 1; i < js.length; i++) expect(Math.abs(wasm[i]! - js[i]!)).toBeLessThanOrEqual(1e-5 * Math.abs(js[i]!));
  });

  it("reports a bad spec as a build error with file and field", async () => {
    const failure = (await build(options("bad-main.ts", "out/bad.js")).catch(
      (e: unknown) => e,
    )) as BuildFailure;
    expect(failure.errors).toHaveLength(1);
    const [error] = failure.errors;
    expect(error!.text).toBe("bad.json:2:43: layers[0].units: expected a positive integer, got -3");
    // esbuild columns count from 0: the -3 stands at column 43 of line 2 of bad.json
    expect(error!.location).toMatchObject({ file: "bad.json", line: 2, column: 42 });
    expect(error!.pluginName).toBe("tapeless");
  });
});
