// The memory plan as an SVG chart: schedule step across, arena offset up, one bar per planned
// buffer (data-buffer="<id>"), coloured by the phase that writes it; buffers kept to the end of
// the step (read by backward(), or a result) are hatched. Drawn at build time, no script needed.
import { formatId } from "../../compiler/ir/syntax.ts";
import type { PageData } from "./model.ts";
import { escapeHtml } from "./text.ts";

const W = 960;
const H = 300;
const PAD = { left: 64, right: 16, top: 14, bottom: 40 };

/** Kept buffers: the phase's colour, striped with a darker shade. */
const HATCH = { forward: ["#86efac", "#16a34a"], loss: ["#fda4af", "#e11d48"], backward: ["#d8b4fe", "#9333ea"] };

export function memoryChart(data: PageData): string {
  const steps = data.loops.length;
  const top = Math.max(1, data.memory.arena);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (step: number) => PAD.left + (step / steps) * plotW;
  const y = (offset: number) => PAD.top + plotH - (offset / top) * plotH;
  const parts: string[] = [
    `<svg id="memory-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="arena offset against schedule step">`,
    `<defs>${Object.entries(HATCH)
      .map(
        ([phase, [fill, stripe]]) =>
          `<pattern id="kept-${phase}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${fill}"/><line x1="1.5" y1="0" x2="1.5" y2="6" stroke="${stripe}" stroke-width="3"/></pattern>`,
      )
      .join("")}</defs>`,
  ];
  // phase bands
  let at = 0;
  for (const phase of ["forward", "loss", "backward"] as const) {
    const n = data.phaseSteps[phase];
    if (n > 0)
      parts.push(
        `<rect class="band band-${phase}" x="${x(at)}" y="${PAD.top}" width="${x(at + n) - x(at)}" height="${plotH}"/>`,
        `<text class="band-label" x="${x(at) + 4}" y="${PAD.top + 11}">${phase}</text>`,
      );
    at += n;
  }
  for (const b of data.buffers) {
    const end = b.end === null ? steps : b.end + 1;
    const height = Math.max(1.5, y(b.offset) - y(b.offset + b.length));
    const kept = b.kept ? ` kept kept-${b.kept}` : "";
    const fill = b.kept ? ` fill="url(#kept-${b.phase})"` : "";
    const life = `steps ${b.start}–${b.end === null ? "end" : b.end}`;
    const why = b.kept === "backward" ? ", kept for backward()" : b.kept === "result" ? ", kept: a result" : "";
    parts.push(
      `<rect class="buf buf-${b.phase}${kept}"${fill} data-buffer="${escapeHtml(b.id)}" x="${x(b.start).toFixed(2)}" y="${(y(b.offset + b.length)).toFixed(2)}" width="${Math.max(2, x(end) - x(b.start) - 1).toFixed(2)}" height="${height.toFixed(2)}" rx="1.5">` +
        `<title>${escapeHtml(formatId(b.id))}: offset ${b.offset}, ${b.length} elements, ${life}${why}</title></rect>`,
    );
  }
  // axes
  const ticks = 4;
  for (let i = 0; i <= ticks; i++) {
    const v = Math.round((top * i) / ticks);
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}"/>`,
      `<text class="tick" x="${PAD.left - 6}" y="${y(v) + 3}" text-anchor="end">${v.toLocaleString("en-US")}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(steps / 24));
  for (let s = 0; s < steps; s += every)
    parts.push(`<text class="tick" x="${(x(s) + x(s + 1)) / 2}" y="${H - PAD.bottom + 14}" text-anchor="middle">${s}</text>`);
  parts.push(
    `<text class="axis" x="${PAD.left + plotW / 2}" y="${H - 6}" text-anchor="middle">schedule step (fused loop)</text>`,
    `<text class="axis" transform="translate(14 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">arena offset (elements)</text>`,
    "</svg>",
  );
  return parts.join("\n");
}
