// `npm run bench:inspect`: the inspector page of large models: the wide workload (784-512-512-10)
// and a 40-hidden-layer MLP. Times the page build (compile excluded; Graphviz wasm layout included)
// and opening it in headless Chromium until its script has run and the first frame is painted.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileSpec } from "../compiler/index.ts";
import { inspectPage } from "../src/inspect/page.ts";
import { validateSpec } from "../src/spec/validate.ts";
import { launchBrowser } from "../test/support/browser.ts";
import { WORKLOADS, deepSpec } from "./workloads.mjs";

const specs = [WORKLOADS.find((w) => w.name === "wide")!.spec, deepSpec(40)];
const dir = mkdtempSync(join(tmpdir(), "tapeless-bench-inspect-"));
const browser = await launchBrowser();
const rows: string[][] = [["model", "IR values", "page", "build ms", "open ms (load → script run → first paint)"]];
try {
  for (const spec of specs) {
    const normalized = validateSpec(spec);
    const compiled = await compileSpec(normalized);
    const t0 = performance.now();
    const html = await inspectPage(normalized.name, compiled);
    const build = performance.now() - t0;
    const file = join(dir, `${normalized.name}.html`);
    writeFileSync(file, html);
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("html[data-ready]");
    // Time from navigation start to the first frame after the page's script ran.
    const open = await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())))));
    await page.close();
    const values = compiled.graph.inputs.length + compiled.graph.params.length + compiled.graph.nodes.length;
    rows.push([normalized.name, String(values), `${(html.length / 1024).toFixed(0)} KiB`, build.toFixed(0), open.toFixed(0)]);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "));
