// Regenerates docs/inspector.png, the README's picture of the inspector: the page of
// examples/residual.net.ts in headless Chromium, a gradient node selected (the chain-rule term in
// #details, its lines highlighted in the code).   npx tsx scripts/inspect-screenshot.ts
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileSpec } from "../compiler/index.ts";
import { pageData } from "../src/inspect/model.ts";
import { inspectPage } from "../src/inspect/page.ts";
import { validateSpec } from "../src/spec/validate.ts";
import { launchBrowser } from "../test/support/browser.ts";
import residual from "../examples/residual.net.ts";

const spec = validateSpec(residual);
const compiled = await compileSpec(spec, "examples/residual.net.ts");
const data = pageData(spec.name, compiled);
// The gradient through the first layer's tanh: it sums the residual fan-out in one fused loop.
const pick = data.nodes.find((n) => n.view === "gradient" && n.layer === "h1" && n.own.length > 0 && /∂L\/∂z/.test(n.rule ?? ""))
  ?? data.nodes.find((n) => n.view === "gradient" && n.own.length > 0)!;
const dir = mkdtempSync(join(tmpdir(), "tapeless-shot-"));
const file = join(dir, "residual.html");
writeFileSync(file, await inspectPage(spec.name, compiled));
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 960 });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("html[data-ready]");
  await page.locator(`#code [data-line="${pick.own[0]}"]`).click();
  await page.keyboard.press("0");
  // Clicked again in the graph, so that the code scrolls to the block.
  const chosen = await page.locator("svg [data-node].selected").getAttribute("data-node");
  await page.locator(`svg [data-node="${chosen}"]`).click();
  await page.screenshot({ path: "docs/inspector.png" });
  console.log(`docs/inspector.png: line ${pick.own[0]} (${pick.rule}) clicked, %${chosen} selected`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
