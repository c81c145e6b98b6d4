// Assembles the inspector page: one self-contained HTML file (inline style, script and SVG, no
// network requests). Every spec-derived text is escaped; the page data is embedded as JSON in a
// script element with `<` escaped, so no name can close it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CompiledModule } from "../../compiler/index.ts";
import { COMPILER_VERSION } from "../../compiler/version.ts";
import { packageRoot } from "../cli/package-root.ts";
import { codeListing } from "./code-listing.ts";
import { memoryChart } from "./memory-chart.ts";
import { pageData, type PageData } from "./model.ts";
import { viewSvg } from "./svg.ts";
import { escapeHtml, formatBytes } from "./text.ts";
import { checkTable, costTable, paramTable, type CheckRow } from "./tables.ts";

export interface PageOptions {
  /** Worst finite-difference error per parameter tensor (`--check`). */
  check?: { rows: CheckRow[]; tolerance: number; note: string };
}

const asset = (name: string) => readFileSync(join(packageRoot(), "src", "inspect", "page", name), "utf8");

/** JSON safe inside <script>: no `<` (so no `</script>`), no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export async function inspectPage(name: string, compiled: CompiledModule, options: PageOptions = {}): Promise<string> {
  const data = pageData(name, compiled);
  const [forward, gradient] = [await viewSvg(data, "forward"), await viewSvg(data, "gradient")];
  const { code, ...client } = data;
  const t = escapeHtml;
  const bpe = data.bytesPerElement;
  const m = data.memory;
  const legend = (["input", "target", "param", "forward", "loss", "backward", "grad"] as const)
    .map((k) => `<span class="key key-${k}"><i></i>${k === "grad" ? "∂L/∂param" : k}</span>`)
    .join("");
  const stat = (label: string, value: string) => `<div class="stat"><b>${t(value)}</b><span>${t(label)}</span></div>`;
  const forwardCount = data.nodes.filter((n) => n.view === "forward").length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tapeless ${t(COMPILER_VERSION)}">
<title>${t(name)} · tapeless inspect</title>
<style>
${asset("style.css")}
</style>
</head>
<body>
<header>
  <div class="title"><span class="brand">tapeless inspect</span><h1>${t(name)}</h1>
  <span class="meta">${t(data.dtype)} · maxBatch ${data.maxBatch}</span></div>
  <div class="stats">
    ${stat("parameters", data.paramCount.toLocaleString("en-US"))}
    ${stat("IR values", String(data.nodes.length))}
    ${stat("fused loops", String(data.loops.length))}
    ${stat("arena", formatBytes(m.arena * bpe))}
    ${stat("one buffer per value", formatBytes(m.naive * bpe))}
  </div>
</header>
<main>
  <section id="graph-panel" class="panel">
    <div class="toolbar">
      <div class="tabs" role="tablist">
        <button role="tab" data-view="forward" aria-selected="true">Forward <small>${forwardCount}</small></button>
        <button role="tab" data-view="gradient" aria-selected="false">Gradient <small>${data.nodes.length - forwardCount}</small></button>
      </div>
      <div class="legend">${legend}</div>
      <div class="zoom"><button data-zoom="in" title="zoom in (+)">+</button><button data-zoom="out" title="zoom out (−)">−</button><button data-zoom="fit" title="fit (0)">fit</button></div>
    </div>
    <div id="graph" tabindex="0" aria-label="graph: arrow keys move, +/− zoom, drag to pan">
      <div class="view" data-view="forward">${forward}</div>
      <div class="view" data-view="gradient" hidden>${gradient}</div>
    </div>
    <p class="hint">Click a node or a code line · <kbd>↑</kbd><kbd>↓</kbd> schedule order · <kbd>←</kbd> operand · <kbd>→</kbd> consumer · <kbd>v</kbd> switch graph · <kbd>+</kbd><kbd>−</kbd><kbd>0</kbd> zoom · drag to pan</p>
  </section>
  <aside class="side">
    <section id="details" class="panel" aria-live="polite"><p class="empty">Select a node to see its op, shapes, formula, chain-rule term, storage and code.</p></section>
    <section class="panel code-panel">
      <div class="panel-head"><h2>Generated module</h2><span>${t(compiled.code.split("\n").length.toLocaleString("en-US"))} lines</span></div>
      <div id="code" tabindex="0">${codeListing(code)}</div>
    </section>
  </aside>
  <section class="panel wide">
    <div class="panel-head"><h2>Memory</h2><span>arena ${m.arena.toLocaleString("en-US")} elements (${formatBytes(m.arena * bpe)}) · one buffer per stored value ${m.fused.toLocaleString("en-US")} · one buffer per IR value ${m.naive.toLocaleString("en-US")} (${formatBytes(m.naive * bpe)}, ${(m.naive / Math.max(1, m.arena)).toFixed(1)}× the arena)</span></div>
    ${memoryChart(data)}
    <p class="note"><span class="swatch kept"></span> hatched: kept to the end of the step (read by <code>backward()</code>, or a result). ${data.buffers.length} buffers; overlapping offsets share memory at different steps.</p>
  </section>
  <section class="panel wide">
    <div class="panel-head"><h2>Cost per fused loop</h2><span>at maxBatch ${data.maxBatch}; share of one training step's multiply-adds</span></div>
    ${costTable(data)}
  </section>
  <section class="panel wide">
    <div class="panel-head"><h2>Parameters</h2><span>${data.paramCount.toLocaleString("en-US")} in one flat buffer</span></div>
    ${paramTable(data)}
  </section>
  ${options.check ? `<section class="panel wide" id="check"><div class="panel-head"><h2>Gradient check</h2><span>${t(options.check.note)}</span></div>${checkTable(options.check.rows, options.check.tolerance)}</section>` : ""}
</main>
<footer>Generated by tapeless ${t(COMPILER_VERSION)} · graphs laid out by Graphviz (WebAssembly) at build time · this file makes no network requests</footer>
<script id="page-data" type="application/json">${scriptJson(client satisfies Omit<PageData, "code">)}</script>
<script>
${asset("client.js")}
</script>
</body>
</html>
`;
}
