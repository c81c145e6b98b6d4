// One process of `npm run bench:tiles`: times every candidate kernel of every product listed in a
// JSON file (written by bench/tiles.ts) and prints, per product, the median ms per call of each
// candidate. A fresh process per repetition, so a JIT outcome of one process (an on-stack
// compilation kept, a deoptimization) is one sample, not the verdict.
//   node bench/tile-timer.mjs <problems.json> <rounds>
import { readFileSync } from "node:fs";

const [file, roundsArg] = process.argv.slice(2);
const problems = JSON.parse(readFileSync(file, "utf8"));
const rounds = Number(roundsArg ?? 7);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** ms per call of each candidate kernel of one product: median over interleaved rounds. */
function measure(p) {
  const size = (d) => (d === "n" ? p.batch : d);
  const [m, n, k] = [size(p.M), size(p.N), size(p.K)];
  let seed = 7;
  const fill = (len) => Float32Array.from({ length: len }, () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1);
  const A = fill(m * k);
  const B = fill(k * n);
  const C = new Float32Array(m * n);
  const extra = [0, 1, 2, 3].map(() => fill(m * n));
  const usesBatch = p.M === "n" || p.N === "n" || p.K === "n";
  const runs = p.kernels.map(([label, js]) => {
    const fn = new Function(js)();
    const es = (js.match(/\be\d+\b/g) ?? []).reduce((max, e) => Math.max(max, Number(e.slice(1)) + 1), 0);
    const args = [A, B, ...extra.slice(0, es), C, ...(usesBatch ? [p.batch] : [])];
    return { label, call: () => fn(...args) };
  });
  // Calls per sample: about 5 ms, measured on the first candidate.
  let t0 = performance.now();
  for (let i = 0; i < 3; i++) runs[0].call();
  const inner = Math.max(1, Math.round(5 / ((performance.now() - t0) / 3)));
  // Warm-up: every candidate until it has run ≥ 20 calls and ≥ 60 ms.
  for (const r of runs) {
    t0 = performance.now();
    for (let i = 0; i < 20 || performance.now() - t0 < 60; i++) r.call();
  }
  const times = runs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    // A different order each round: no candidate always runs after the same one.
    const shift = Math.floor((round * runs.length) / rounds);
    for (let q = 0; q < runs.length; q++) {
      const at = (q + shift) % runs.length;
      t0 = performance.now();
      for (let i = 0; i < inner; i++) runs[at].call();
      times[at].push((performance.now() - t0) / inner);
    }
  }
  return Object.fromEntries(runs.map((r, i) => [r.label, median(times[i])]));
}

process.stdout.write(JSON.stringify(problems.map(measure)) + "\n");
