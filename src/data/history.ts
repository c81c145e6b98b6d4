// A training run's record (loss and accuracy per epoch, on the training data and held out) and its
// picture: an SVG chart, or a self-contained HTML page with the chart and the numbers. No
// dependencies; every text is escaped. Missing or non-finite values leave a gap in their line.

export interface EpochValues {
  loss?: number;
  accuracy?: number;
  heldOutLoss?: number;
  heldOutAccuracy?: number;
}

export interface EpochRecord extends EpochValues {
  epoch: number;
}

const SERIES = [
  { key: "loss", label: "training loss", color: "#2563eb", dash: "" },
  { key: "heldOutLoss", label: "held-out loss", color: "#2563eb", dash: "5 4" },
  { key: "accuracy", label: "training accuracy", color: "#16a34a", dash: "" },
  { key: "heldOutAccuracy", label: "held-out accuracy", color: "#16a34a", dash: "5 4" },
] as const;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export class TrainingHistory {
  readonly epochs: EpochRecord[] = [];

  constructor(readonly title = "training") {}

  /** Records the next epoch (numbered from 1). Values must be numbers (NaN allowed: a diverged run). */
  record(values: EpochValues): EpochRecord {
    for (const [key, v] of Object.entries(values))
      if (v !== undefined && typeof v !== "number") throw new TypeError(`TrainingHistory.record: ${key} must be a number, got ${typeof v}`);
    const entry = { epoch: this.epochs.length + 1, ...values };
    this.epochs.push(entry);
    return entry;
  }

  /** Two charts side by side: loss (left) and accuracy in % (right), per epoch. */
  toSvg(): string {
    const W = 760;
    const H = 320;
    const panels = [
      { title: "loss", keys: ["loss", "heldOutLoss"] as const, x: 0, percent: false },
      { title: "accuracy", keys: ["accuracy", "heldOutAccuracy"] as const, x: W / 2, percent: true },
    ];
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="11">`,
      `<rect width="${W}" height="${H}" fill="#fff"/>`,
      `<text x="16" y="22" font-size="14" font-weight="600" fill="#0f172a">${esc(this.title)}</text>`,
    ];
    const n = Math.max(1, this.epochs.length);
    for (const p of panels) {
      const box = { left: p.x + 52, right: p.x + W / 2 - 16, top: 84, bottom: H - 40 };
      const values = this.epochs.flatMap((e) => p.keys.map((k) => e[k]).filter((v): v is number => v !== undefined && Number.isFinite(v)));
      let lo = p.percent ? Math.min(...values, 1) : 0;
      let hi = Math.max(...values, p.percent ? 0 : 1e-9);
      if (p.percent) [lo, hi] = [Math.max(0, Math.floor(lo * 10) / 10), 1];
      if (!(hi > lo)) hi = lo + 1;
      const x = (epoch: number) => box.left + (n === 1 ? 0.5 : (epoch - 1) / (n - 1)) * (box.right - box.left);
      const y = (v: number) => box.bottom - ((v - lo) / (hi - lo)) * (box.bottom - box.top);
      parts.push(`<text x="${box.left}" y="${box.top - 10}" font-weight="600" fill="#334155">${p.title}</text>`);
      for (let i = 0; i <= 4; i++) {
        const v = lo + ((hi - lo) * i) / 4;
        const label = p.percent ? `${(100 * v).toFixed(0)}%` : v.toPrecision(3);
        parts.push(
          `<line x1="${box.left}" x2="${box.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e2e8f0"/>`,
          `<text x="${box.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" fill="#64748b">${label}</text>`,
        );
      }
      const every = Math.max(1, Math.ceil(n / 10));
      for (let e = 1; e <= n; e += every)
        parts.push(`<text x="${x(e).toFixed(1)}" y="${box.bottom + 16}" text-anchor="middle" fill="#64748b">${e}</text>`);
      parts.push(`<text x="${(box.left + box.right) / 2}" y="${H - 8}" text-anchor="middle" fill="#475569">epoch</text>`);
      for (const key of p.keys) {
        const s = SERIES.find((q) => q.key === key)!;
        // Each run of finite values is one polyline: a NaN epoch leaves a gap.
        const runs: string[][] = [[]];
        for (const e of this.epochs) {
          const v = e[key];
          if (v === undefined || !Number.isFinite(v)) runs.push([]);
          else runs[runs.length - 1]!.push(`${x(e.epoch).toFixed(1)},${y(v).toFixed(1)}`);
        }
        for (const run of runs.filter((r) => r.length > 0)) {
          parts.push(`<polyline class="series-${key}" points="${run.join(" ")}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}" stroke-linejoin="round"/>`);
          for (const pt of run) {
            const [cx, cy] = pt.split(",");
            parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${s.dash ? "#fff" : s.color}" stroke="${s.color}" stroke-width="1.5"/>`);
          }
        }
      }
    }
    // legend
    SERIES.forEach((s, i) => {
      const lx = 16 + i * 150;
      parts.push(
        `<line x1="${lx}" x2="${lx + 22}" y1="44" y2="44" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
        `<text x="${lx + 28}" y="48" fill="#334155">${s.label}</text>`,
      );
    });
    parts.push("</svg>");
    return parts.join("\n");
  }

  /** A page with the chart and a table of every epoch's values; opens from disk, no requests. */
  toHtml(): string {
    const cell = (v: number | undefined, percent: boolean) =>
      v === undefined ? "" : percent ? `${(100 * v).toFixed(2)}%` : v.toPrecision(4);
    const rows = this.epochs
      .map(
        (e) =>
          `<tr><td>${e.epoch}</td><td>${cell(e.loss, false)}</td><td>${cell(e.heldOutLoss, false)}</td><td>${cell(e.accuracy, true)}</td><td>${cell(e.heldOutAccuracy, true)}</td></tr>`,
      )
      .join("\n");
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(this.title)}</title>
<style>body{font:14px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0f172a;margin:24px}
table{border-collapse:collapse;margin-top:16px;font-variant-numeric:tabular-nums}td,th{padding:4px 12px;text-align:right;border-bottom:1px solid #e2e8f0}
th{color:#64748b;font-weight:600;font-size:12px}</style></head>
<body>
${this.toSvg()}
<table><thead><tr><th>epoch</th><th>training loss</th><th>held-out loss</th><th>training accuracy</th><th>held-out accuracy</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
  }
}
