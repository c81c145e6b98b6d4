// WebAssembly-target modules (emit "js") in a real headless Chromium: a module script imports the
// generated file, trains a few steps, runs forward, saves and loads; the same code in Node agrees bitwise.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile } from "../../../../src/index.ts";
import xorSpec from "../../../../examples/xor.net.ts";
import cnnSpec from "../../../../examples/cnn.net.ts";
import { launchBrowser, type TestBrowser } from "../../../support/browser.ts";
import { wasmScenario, type ScenarioInput, type ScenarioModule, type ScenarioResult } from "../../../support/wasm-scenario.ts";

/** A made-up origin: every request to it is answered by the test (page.route), none reaches a network. */
const ORIGIN = "http://tapeless.test";
const PAGE = `<!doctype html><meta charset="utf-8"><title>wasm</title>
<script type="module">
import * as model from "./model.js";
window.tapelessModel = model;
document.documentElement.dataset.ready = "";
</script>`;

/** Records every `new WebAssembly.Module` in the page: the binary's size and whether on the main thread. */
function recordCompiles(): void {
  const compiles: { bytes: number; mainThread: boolean }[] = [];
  (window as unknown as { wasmCompiles: typeof compiles }).wasmCompiles = compiles;
  WebAssembly.Module = new Proxy(WebAssembly.Module, {
    construct(target, args: [BufferSource]) {
      compiles.push({ bytes: args[0].byteLength, mainThread: typeof document === "object" && self === window });
      return Reflect.construct(target, args);
    },
  });
}

interface Case {
  name: string;
  spec: unknown;
  input: ScenarioInput;
  js?: string;
  binaryBytes?: number;
}

/** Deterministic float32 values in [0, 1). */
function uniform(length: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), Math.fround(s / 2 ** 32)));
}

function oneHot(rows: number, classes: number, seed: number): number[] {
  const at = uniform(rows, seed).map((u) => Math.floor(u * classes));
  return Array.from({ length: rows * classes }, (_, i) => (at[Math.floor(i / classes)] === i % classes ? 1 : 0));
}

const CASES: Case[] = [
  // 2-8-1 tanh/sigmoid, mse, sgd: a 2 KB binary (under Chrome's former 4 KB main-thread limit)
  { name: "xor", spec: xorSpec, input: { seed: 11, batch: 4, steps: 5, inputs: [[0, 0, 0, 1, 1, 0, 1, 1]], targets: [[0, 1, 1, 0]] } },
  // conv2d, batch norm (state), max pooling, dropout (randomState), Adam: a 36 KB binary
  { name: "cnn", spec: cnnSpec, input: { seed: 5, batch: 4, steps: 3, inputs: [uniform(4 * 784, 1)], targets: [oneHot(4, 10, 2)] } },
];

let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
  for (const c of CASES) {
    const result = await compile(c.spec, { target: "wasm", emit: "js" });
    c.js = result.files[0]!.code;
    c.binaryBytes = Number(/SIMD128; (\d+) bytes/.exec(result.code)?.[1]);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A page of the made-up origin whose module script imported `js`; records errors and requests. */
async function openModule(js: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/index.html`) return route.fulfill({ contentType: "text/html", body: PAGE });
    if (url === `${ORIGIN}/model.js`) return route.fulfill({ contentType: "text/javascript", body: js });
    return route.fulfill({ status: 404, body: "" });
  });
  await page.addInitScript(recordCompiles);
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  return { page, errors, requests };
}

/** The scenario in the page, on the module its script imported. */
async function runInPage(page: Page, input: ScenarioInput): Promise<ScenarioResult> {
  return page.evaluate(`(${wasmScenario.toString()})(window.tapelessModel, ${JSON.stringify(input)})`);
}

/** The same JavaScript imported in this process (Node's V8). */
async function runInNode(js: string, input: ScenarioInput): Promise<ScenarioResult> {
  const url = `data:text/javascript;base64,${Buffer.from(js).toString("base64")}`;
  return wasmScenario((await import(/* @vite-ignore */ url)) as ScenarioModule, input);
}

describe("WebAssembly-target modules in Chromium", () => {
  it.each(CASES.map((c) => c.name))("%s: trains, runs forward, saves and loads in the page as in Node, bitwise", async (name) => {
    const c = CASES.find((k) => k.name === name)!;
    const { page, errors, requests } = await openModule(c.js!);
    const browserResult = await runInPage(page, c.input);
    const compiles = await page.evaluate(() => (window as unknown as { wasmCompiles: unknown[] }).wasmCompiles);
    const nodeResult = await runInNode(c.js!, c.input);

    // the binary was compiled once, synchronously, on the page's main thread (new WebAssembly.Module)
    expect(compiles).toEqual([{ bytes: c.binaryBytes, mainThread: true }]);
    // it learned, and the round trip kept everything
    expect(browserResult.losses.every(Number.isFinite)).toBe(true);
    expect(browserResult.params).not.toBe(browserResult.initialParams);
    expect(browserResult.otherParams).not.toBe(browserResult.initialParams);
    expect(browserResult.loadedParams).toBe(browserResult.params);
    expect(browserResult.loadedState).toBe(browserResult.state);
    expect(browserResult.loadedOutput).toEqual(browserResult.output);
    expect(browserResult.loadedNextLoss).toBe(browserResult.nextLoss);
    // Bitwise, not within a tolerance: Chromium's V8 and Node's run the same binary and the same
    // JavaScript. WebAssembly arithmetic (no relaxed SIMD here) is exactly specified, and the Math
    // functions the binary imports (exp, tanh, log here) are V8's fdlibm ports in both.
    expect(browserResult).toEqual(nodeResult);

    expect(errors).toEqual([]);
    expect(requests).toEqual([`${ORIGIN}/index.html`, `${ORIGIN}/model.js`]);
    await page.close();
  });

  it("the main thread compiles binaries of up to 8 MiB synchronously (Chrome's limit, once 4 KB)", async () => {
    const page = await browser.context.newPage();
    const outcome = await page.evaluate(() => {
      /** A valid module of exactly `total` bytes: the header and one custom section of padding. */
      const padded = (total: number): Uint8Array<ArrayBuffer> => {
        const leb = (v: number) => [(v & 127) | 128, ((v >>> 7) & 127) | 128, ((v >>> 14) & 127) | 128, (v >>> 21) & 127];
        const bytes = new Uint8Array(total);
        bytes.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, ...leb(total - 13), 0]); // custom section, empty name
        return bytes;
      };
      const compileSync = (total: number) => {
        try {
          new WebAssembly.Module(padded(total));
          return "ok";
        } catch (e) {
          return String(e);
        }
      };
      return { limit: compileSync(8 * 1024 * 1024), over: compileSync(8 * 1024 * 1024 + 1) };
    });
    expect(outcome.limit).toBe("ok");
    expect(outcome.over).toMatch(/^RangeError: WebAssembly\.Compile is disallowed on the main thread/);
    expect(Math.max(...CASES.map((c) => c.binaryBytes!))).toBeGreaterThan(4096);
    await page.close();
  });
});
