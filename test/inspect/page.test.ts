// The inspector page of every example, opened in a real headless Chromium: no console errors, no
// request beyond the file, one data-node per IR value, linked selection graph ↔ details ↔ code,
// keyboard navigation, one memory bar per planned buffer. Screenshots go to test-output/inspect/.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSpec, type CompiledModule } from "../../compiler/index.ts";
import { validateSpec } from "../../src/spec/validate.ts";
import { inspectPage } from "../../src/inspect/page.ts";
import { pageData, type PageData } from "../../src/inspect/model.ts";
import { launchBrowser, type TestBrowser } from "../support/browser.ts";
import { exampleFiles, exampleSpecs } from "../support/examples.ts";

const OUT = join(process.cwd(), "test-output", "inspect");

interface Example {
  file: string;
  url: string;
  compiled: CompiledModule;
  data: PageData;
}

let browser: TestBrowser;
const examples: Example[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(OUT, { recursive: true });
  for (const [file, spec] of await exampleSpecs()) {
    const normalized = validateSpec(spec);
    const compiled = await compileSpec(normalized, `examples/${file}`);
    const path = join(OUT, file.replace(/\.net\.ts$/, ".inspect.html"));
    writeFileSync(path, await inspectPage(normalized.name, compiled));
    examples.push({ file, url: pathToFileURL(path).href, compiled, data: pageData(normalized.name, compiled) });
  }
  // Names that would be markup, script or selectors if they reached the page unescaped.
  const hostile = validateSpec({
    name: '</script><script>alert("name")</script>',
    maxBatch: 2,
    inputs: { "<img src=x onerror=alert(1)>": [2] },
    targets: { "y']\\\"": [3] },
    layers: [{ type: "dense", name: '"><svg onload=alert(2)>', units: 3 }],
    loss: { type: "softmaxCrossEntropy" },
  });
  const compiled = await compileSpec(hostile);
  const path = join(OUT, "hostile.inspect.html");
  writeFileSync(path, await inspectPage(hostile.name, compiled));
  examples.push({ file: "hostile", url: pathToFileURL(path).href, compiled, data: pageData(hostile.name, compiled) });
}, 600_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a page, recording console errors, uncaught exceptions and every request. */
async function open(ex: Example): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  page.on("dialog", (d) => (errors.push(`dialog: ${d.message()}`), void d.dismiss()));
  await page.goto(ex.url);
  await page.waitForSelector("html[data-ready]");
  return { page, errors, requests };
}

const selectedNode = (page: Page) => page.locator("svg [data-node].selected").getAttribute("data-node");

describe("inspector page in Chromium", () => {
  it.each(exampleFiles().map((f) => f.replace(/\.net\.ts$/, "")))("%s: opens cleanly, links graph, details, code and memory", async (name) => {
    const ex = examples.find((e) => e.file === `${name}.net.ts`)!;
    const { page, errors, requests } = await open(ex);
    const g = ex.compiled.graph;

    // one data-node per IR value (inputs, parameters, nodes), ids without `%`
    const ids = await page.locator("svg [data-node]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node")));
    expect(ids.sort()).toEqual([...g.inputs, ...g.params, ...(g.state ?? []), ...g.nodes].map((v) => v.id).sort());

    // one bar per planned buffer
    const bars = await page.locator("#memory-chart [data-buffer]").evaluateAll((els) => els.map((e) => e.getAttribute("data-buffer")));
    expect(bars).toEqual(ex.compiled.memoryPlan.placements.map((p) => p.id));

    // the code, one element per line
    expect(await page.locator("#code [data-line]").count()).toBe(ex.compiled.code.replace(/\n$/, "").split("\n").length);

    // selecting a forward node (clicked in the graph) fills #details and highlights its lines
    await page.keyboard.press("0"); // fit the whole graph in view
    const forward = ex.data.nodes.find((n) => n.kind === "forward" && n.own.length > 0)!;
    await page.locator(`svg [data-node="${forward.id}"]`).click();
    expect(await selectedNode(page)).toBe(forward.id);
    const details = await page.locator("#details").innerText();
    expect(details).toContain(forward.label);
    expect(details).toContain(forward.op);
    expect(details).toContain(forward.formula);
    const own = await page.locator("#code .line.own").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-line"))));
    expect(own).toEqual(forward.own);
    const loop = ex.data.loops[forward.loop!]!;
    const lit = await page.locator("#code .line.hl").count();
    expect(lit).toBe(loop.lines.reduce((s, r) => s + r.to - r.from + 1, 0));
    expect(await page.locator(`#memory-chart .selected`).count()).toBe(ex.compiled.memoryPlan.storage.get(forward.id)?.kind === "arena" ? 1 : 0);

    // selecting a code line of a gradient block selects its node and shows the chain-rule term
    const grad = ex.data.nodes.find((n) => n.kind === "grad" && n.own.length > 0)!;
    await page.locator(`#code [data-line="${grad.own[0]}"]`).click();
    expect(await selectedNode(page)).toBe(grad.id);
    expect(await page.locator('.view[data-view="gradient"]').isVisible()).toBe(true);
    expect(await page.locator("#details").innerText()).toContain(grad.rule!);

    // keyboard: ↓ moves to the next value in graph order, ← to its first operand
    const at = ex.data.nodes.indexOf(grad);
    await page.keyboard.press("ArrowDown");
    const next = ex.data.nodes[Math.min(at + 1, ex.data.nodes.length - 1)]!;
    expect(await selectedNode(page)).toBe(next.id);
    await page.keyboard.press("ArrowLeft");
    expect(await selectedNode(page)).toBe(next.inputs[0]);

    // a memory bar selects its node
    const bar = ex.compiled.memoryPlan.placements[0]!;
    await page.locator(`#memory-chart [data-buffer="${bar.id}"]`).click();
    expect(await selectedNode(page)).toBe(bar.id);

    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([ex.url]);
    await page.close();
  });

  it("hostile names stay text: the script runs, nothing else does, every node is selectable", async () => {
    const ex = examples.find((e) => e.file === "hostile")!;
    const { page, errors, requests } = await open(ex);
    const ids = await page.locator("svg [data-node]").evaluateAll((els) => els.map((e) => e.getAttribute("data-node")));
    expect(ids.sort()).toEqual(ex.data.nodes.map((n) => n.id).sort());
    expect(await page.locator("img, svg svg, script").count()).toBe(2); // the page's own two scripts
    for (const n of ex.data.nodes.filter((m) => m.kind !== "forward")) {
      await page.evaluate((id) => {
        for (const el of document.querySelectorAll("[data-node]")) if (el.getAttribute("data-node") === id) (el as HTMLElement).dispatchEvent(new MouseEvent("click", { bubbles: true }));
      }, n.id);
      expect(await selectedNode(page)).toBe(n.id);
      expect(await page.locator("#details h3").innerText()).toBe(n.label);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([ex.url]);
    await page.close();
  });
});
