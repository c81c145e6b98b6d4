// The inspector's tables: cost per fused loop, parameters (as in `layout`), and the optional
// finite-difference check. Rows carry data-loop / data-param so the page can link them to nodes.
import { formatShape } from "../../compiler/ir/graph.ts";
import type { PageData } from "./model.ts";
import { escapeHtml, formatBytes } from "./text.ts";

const num = (n: number) => n.toLocaleString("en-US");

export function costTable(data: PageData): string {
  const total = data.loops.reduce((s, l) => s + l.madds, 0) || 1;
  const rows = data.loops.map((l) => {
    const share = (100 * l.madds) / total;
    return `<tr data-loop="${l.step}" class="phase-${l.phase}"><td class="num">${l.step}</td><td><span class="pill pill-${l.phase}">${l.phase}</span></td><td>${l.kind}</td><td class="what">${escapeHtml(l.label)}</td><td class="num">${num(l.madds)}</td><td class="num">${formatBytes(l.bytes)}</td><td class="share"><span class="bar" style="width:${share.toFixed(1)}%"></span><span>${share.toFixed(1)}%</span></td></tr>`;
  });
  return `<table class="cost"><thead><tr><th>#</th><th>phase</th><th>loop</th><th>computes</th><th class="num">multiply-adds</th><th class="num">bytes moved</th><th>share of step</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function paramTable(data: PageData): string {
  const rows = data.params.map(
    (p) =>
      `<tr data-param="${escapeHtml(p.name)}"><td class="mono">${escapeHtml(p.name)}</td><td class="mono">${formatShape(p.shape)}</td><td class="num">${num(p.count)}</td><td class="num">${num(p.offset)}</td><td>${escapeHtml(p.init)}</td></tr>`,
  );
  return `<table><thead><tr><th>name</th><th>shape</th><th class="num">count</th><th class="num">offset</th><th>initializer</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export interface CheckRow {
  name: string;
  checked: number;
  length: number;
  worst: number;
}

export function checkTable(rows: CheckRow[], tolerance: number): string {
  const body = rows.map((r) => {
    const ok = r.worst <= tolerance;
    return `<tr class="${ok ? "ok" : "bad"}"><td class="mono">${escapeHtml(r.name)}</td><td class="num">${r.checked}/${r.length}</td><td class="num">${r.worst.toExponential(1)}</td><td>${ok ? "✓" : "✗"}</td></tr>`;
  });
  return `<table><thead><tr><th>parameter</th><th class="num">checked</th><th class="num">worst relative error</th><th></th></tr></thead><tbody>${body.join("")}</tbody></table>`;
}
