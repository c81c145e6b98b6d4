// TrainingHistory: records epochs and draws them; one polyline run per series (a NaN leaves a
// gap), titles escaped, the HTML page self-contained with a row per epoch.
import { describe, expect, it } from "vitest";
import { TrainingHistory } from "tapeless/data";

function run(values: { loss: number; accuracy: number; heldOutLoss?: number; heldOutAccuracy?: number }[], title?: string) {
  const h = new TrainingHistory(title);
  for (const v of values) h.record(v);
  return h;
}

const points = (svg: string, series: string) =>
  [...svg.matchAll(new RegExp(`class="series-${series}" points="([^"]*)"`, "g"))].map((m) => m[1]!.split(" ").length);

describe("TrainingHistory", () => {
  it("numbers epochs from 1 and keeps the values", () => {
    const h = run([{ loss: 2, accuracy: 0.5 }, { loss: 1, accuracy: 0.8, heldOutAccuracy: 0.75 }]);
    expect(h.epochs).toEqual([
      { epoch: 1, loss: 2, accuracy: 0.5 },
      { epoch: 2, loss: 1, accuracy: 0.8, heldOutAccuracy: 0.75 },
    ]);
  });

  it.each([
    ["three epochs, all series", [{ loss: 2, accuracy: 0.5, heldOutLoss: 2.1, heldOutAccuracy: 0.4 }, { loss: 1, accuracy: 0.7, heldOutLoss: 1.2, heldOutAccuracy: 0.6 }, { loss: 0.5, accuracy: 0.9, heldOutLoss: 0.7, heldOutAccuracy: 0.8 }], { loss: [3], heldOutLoss: [3], accuracy: [3], heldOutAccuracy: [3] }],
    ["a diverged epoch leaves a gap", [{ loss: 2, accuracy: 0.5 }, { loss: NaN, accuracy: 0.5 }, { loss: 1, accuracy: 0.6 }], { loss: [1, 1], heldOutLoss: [], accuracy: [3], heldOutAccuracy: [] }],
    ["no held-out values: no held-out lines", [{ loss: 1, accuracy: 0.1 }], { loss: [1], heldOutLoss: [], accuracy: [1], heldOutAccuracy: [] }],
  ])("svg: %s", (_, values, expected) => {
    const svg = run(values).toSvg();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
    for (const [series, runs] of Object.entries(expected)) expect(points(svg, series)).toEqual(runs);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("escapes the title and writes a self-contained page with a row per epoch", () => {
    const html = run([{ loss: 1, accuracy: 0.5 }, { loss: 0.5, accuracy: 0.75 }], '<script>"x"</script>').toHtml();
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;&quot;x&quot;&lt;/script&gt;");
    expect(html.match(/<tr><td>\d+<\/td>/g)).toHaveLength(2);
    expect(html).toContain("<td>75.00%</td>");
    expect(html.replace(/="[^"]*"/g, '=""').match(/\s(src|href)=/)).toBeNull();
  });

  it("rejects a value that is not a number, naming it", () => {
    expect(() => new TrainingHistory().record({ loss: "1" as unknown as number })).toThrow("TrainingHistory.record: loss must be a number, got string");
  });
});
