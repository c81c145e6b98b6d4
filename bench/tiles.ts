// `npm run bench:tiles`: measures every register tile for every matrix product the benchmark's
// workloads and the examples produce, and writes the table chooseTiles reads
// (compiler/phases/4-plan/tile-table.ts). Each product's kernel is generated exactly as the
// compiler writes it (same epilogue, same module), once per candidate tile, and timed in this
// on arrays of its sizes (bench/tile-timer.mjs): warm-up, then rounds in which every candidate
// runs once in a rotating order (noise hits all candidates alike), the median over rounds; that in
// several fresh processes, a candidate's time the median over processes.
//
//   npm run bench:tiles [-- --rounds 7 --processes 3 --only mnist,wide --tiles 3×4,6×4 --margin 0.03
//                          --write --merge --save timings.json | --load timings.json
//                          --keys decided.json --confirm earlier.json,…]
// --only: the specs whose names contain one of these; --merge: keep the table's other entries.
//
// Without --write it prints the table it would write. A product keeps the cost model's tile
// (modelTiles; not listed in the table) unless the best candidate beats it by more than --margin
// (default 3%), so noise never writes a tile into the table.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import type { Graph } from "../compiler/ir/graph.ts";
import { lower } from "../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../compiler/phases/3-optimize/index.ts";
import { planMemory, type Plan } from "../compiler/phases/4-plan/plan.ts";
import { modelTiles, tileCandidates, type Tiles } from "../compiler/phases/4-plan/tiles.ts";
import { tilesBefore } from "./tile-rule-before.ts";
import { TILE_TABLE, tileKey, type TileEntry } from "../compiler/phases/4-plan/tile-table.ts";
import { emitModule } from "../compiler/backends/js/emit/module.ts";
import { metaFromSpec } from "../compiler/index.ts";
import { validateSpec } from "../src/spec/validate.ts";
import { WORKLOADS } from "./workloads.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TABLE = path.join(ROOT, "compiler/phases/4-plan/tile-table.ts");

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const rounds = Number(option("rounds") ?? 7);
const processes = Number(option("processes") ?? 3);
const margin = Number(option("margin") ?? 0.03);
const only = option("only")?.split(",");
const log = (text: string) => process.stderr.write(text + "\n");

/** The candidates: the cost model's (tileCandidates); the rule's before the table (8×8, 8×10, 16×4) is added per product. */
const candidates = (N: number | "n") => tileCandidates(N);
/** --tiles 3×4,6×4: measure only these (and always the cost model's and the rule's before the table). */
const onlyTiles = option("tiles")?.split(",");
/** One product as the compiler plans it. */
interface Problem {
  /** The kernel's doc without its tile: the product, its transposes and its epilogue. */
  doc: string;
  M: number | "n";
  N: number | "n";
  K: number | "n";
  ta: boolean;
  tb: boolean;
  /** What the kernel's `batch` argument is at the workload's batch size (batch × nScale). */
  batch: number;
  /** The cost model's tile (chooseTiles without the table): a measured tile must beat it to enter the table. */
  model: Tiles;
  from: string[];
  /** Kernel text (JavaScript function expression) per candidate "ri×rj", identical bodies merged. */
  kernels: Map<string, string>;
}

const KERNEL = /\/\*\* (C\[[^\n]*?); (\d+)×(\d+) register tiles \*\/\n\/\/ prettier-ignore\nfunction (\w+)\(([^)]*)\): void \{\n([\s\S]*?)\n\}\n/g;

const dim = (s: string): number | "n" => (s === "n" ? "n" : Number(s));

/** M, N, K and the transposes, read off a kernel's doc ("A [n, 784], B [128, 784]ᵀ"). */
function dimsOf(doc: string) {
  const a = /; A \[(\w+), (\w+)\](ᵀ?), B \[(\w+), (\w+)\](ᵀ?)$/.exec(doc);
  if (!a) throw new Error(`cannot read the shapes of ${doc}`);
  const ta = a[3] === "ᵀ";
  const tb = a[6] === "ᵀ";
  const [M, K] = ta ? [dim(a[2]!), dim(a[1]!)] : [dim(a[1]!), dim(a[2]!)];
  const N = tb ? dim(a[4]!) : dim(a[5]!);
  return { M, N, K, ta, tb };
}

/** The module-level helper functions of a module (geluSlope, …), by name. */
function helpersOf(code: string): Map<string, string> {
  return new Map([...code.matchAll(/^function (\w+)\(([^)]*)\): number \{\n[\s\S]*?\n\}\n/gm)].map((m) => [m[1]!, m[0]]));
}

/**
 * The kernels of a module, by doc: name, parameters, body (with the helpers it calls declared
 * first), and the batch factor its call passes.
 */
function kernelsOf(code: string) {
  const helpers = helpersOf(code);
  const out = new Map<string, { params: string; body: string; scale: number; tile: string }>();
  for (const m of code.matchAll(KERNEL)) {
    const [, doc, ri, rj, name, params, body] = m;
    const call = new RegExp(`\\b${name}\\([^;]*?, batch \\* (\\d+)\\);`).exec(code);
    const used = [...helpers].filter(([h]) => new RegExp(`\\b${h}\\(`).test(body!)).map(([, text]) => text);
    out.set(doc!, { params: params!, body: [...used, body!].join("\n"), scale: call ? Number(call[1]) : 1, tile: `${ri}×${rj}` });
  }
  return out;
}

async function specs(): Promise<{ name: string; spec: unknown }[]> {
  const list: { name: string; spec: unknown }[] = WORKLOADS.map((w) => ({ name: `bench ${w.name}`, spec: w.spec }));
  for (const f of readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".net.ts")).sort()) {
    list.push({ name: `examples/${f}`, spec: ((await import(path.join(ROOT, "examples", f))) as { default: unknown }).default });
  }
  return only ? list.filter((s) => only.some((o) => s.name.includes(o))) : list;
}

/** Every module-level product of every spec, with its kernel for each candidate tile. */
async function collect(): Promise<Problem[]> {
  const problems = new Map<string, Problem>();
  for (const { name, spec } of await specs()) {
    const normalized = validateSpec(spec);
    const { graph, params } = lower(normalized);
    const full: Graph = optimize(differentiate(graph));
    const meta = metaFromSpec(normalized, params);
    const plan: Plan = planMemory(full, meta.maxBatch);
    const gemms = [...plan.groups.forward, ...plan.groups.loss, ...plan.groups.backward].filter((g) => g.kind === "gemm" && g.tiles && !g.tiles.inline);
    if (gemms.length === 0) continue;
    const today = kernelsOf(emitModule(full, plan, meta));
    const all = new Map<string, { ri: number; rj: number }>();
    for (const doc of today.keys()) for (const c of candidates(dimsOf(doc).N)) all.set(`${c.ri}×${c.rj}`, c);
    for (const [label, c] of all) {
      for (const g of gemms) g.tiles = { ri: c.ri, rj: c.rj, inline: false };
      for (const [doc, k] of kernelsOf(emitModule(full, plan, meta))) {
        const d = dimsOf(doc);
        if (!candidates(d.N).some((x) => `${x.ri}×${x.rj}` === label)) continue;
        const batch = normalized.maxBatch * k.scale;
        const model = modelTiles(d.M, d.N, d.K, batch);
        if (onlyTiles && !onlyTiles.includes(label) && label !== `${model.ri}×${model.rj}`) continue;
        const key = `${doc} @${batch}`; // (a product without n has the same kernel whatever the batch)
        let p = problems.get(key);
        if (!p) {
          p = { doc, ...d, batch, model: { ...model, inline: false }, from: [], kernels: new Map() };
          problems.set(key, p);
        }
        if (!p.from.includes(name)) p.from.push(name);
        const js = transformSync(`return function kernel(${k.params}) {\n${k.body}\n}`, { loader: "ts" }).code;
        // identical kernels (a tile taller than the product) are measured once, the model's always
        if (label === `${model.ri}×${model.rj}` || ![...p.kernels.values()].includes(js)) p.kernels.set(label, js);
      }
    }
    // the rule's tile before the table and the plan's now, when they are not in the grid (8×8, 8×10, 16×4)
    for (const [doc, k] of today) {
      const p = problems.get(`${doc} @${normalized.maxBatch * k.scale}`)!;
      const before = tilesBefore(p.M, p.N, p.K, p.batch, false);
      for (const g of gemms) g.tiles = before; // (this product's kernel is the one read)
      const tiles = [[`${before.ri}×${before.rj}`, kernelsOf(emitModule(full, plan, meta)).get(doc)!], [k.tile, k]] as const;
      for (const [l, kernel] of tiles) {
        // (measured under its own label even when its text is a candidate's: the model's label must stay)
        if (!p.kernels.has(l)) p.kernels.set(l, transformSync(`return function kernel(${kernel.params}) {\n${kernel.body}\n}`, { loader: "ts" }).code);
      }
    }
  }
  return [...problems.values()];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** ms per call of each candidate of each product: the median over `processes` fresh processes. */
function measureAll(problems: Problem[]): Map<string, number>[] {
  const dir = mkdtempSync(path.join(tmpdir(), "tapeless-tiles-"));
  try {
    const file = path.join(dir, "problems.json");
    writeFileSync(file, JSON.stringify(problems.map((p) => ({ ...p, kernels: [...p.kernels] }))));
    const samples: Record<string, number>[][] = [];
    for (let run = 0; run < processes; run++) {
      const out = execFileSync(process.execPath, [path.join(ROOT, "bench/tile-timer.mjs"), file, String(rounds)], { encoding: "utf8", maxBuffer: 1 << 26 });
      samples.push(JSON.parse(out) as Record<string, number>[]);
      log(`  process ${run + 1}/${processes} done`);
    }
    return problems.map((p, i) => new Map([...p.kernels.keys()].map((label) => [label, median(samples.map((s) => s[i]![label]!))])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
const problems = await collect();
log(`${problems.length} products, ${machine}`);
// Products that share a key (the same shape with different epilogues) are decided together: the
// tile whose summed time is least.
const byKey = new Map<string, { ms: Map<string, number>; docs: string[]; p: Problem }>();
// --save keeps the raw timings, --load decides from saved ones (to rewrite the table without measuring again).
const load = option("load");
const timings = load ? (JSON.parse(readFileSync(load, "utf8")) as [string, number][][]).map((t) => new Map(t)) : measureAll(problems);
if (option("save")) writeFileSync(option("save")!, JSON.stringify(timings.map((t) => [...t])));
for (const [i, p] of problems.entries()) {
  const ms = timings[i]!;
  const ranked = [...ms].sort((a, b) => a[1] - b[1]);
  log(`\n${p.doc} @${p.batch}   (${p.from.join(", ")})`);
  log(`  ${ranked.map(([l, t]) => `${l} ${t.toFixed(4)}`).join(", ")}`);
  const key = tileKey(p);
  const known = byKey.get(key);
  const doc = `${p.doc} (${p.from.join(", ")})`;
  if (!known) byKey.set(key, { ms, docs: [doc], p });
  else {
    for (const [l, t] of known.ms) ms.has(l) ? known.ms.set(l, t + ms.get(l)!) : known.ms.delete(l);
    known.docs.push(doc);
  }
}
// --keys: the decided timings by product key, for --confirm in a later run. --confirm a.json,b.json:
// a tile enters the table only if it also beat the cost model's by the margin in each of those runs
// that measured both (on a noisy machine, one run's winner can be a JIT or scheduling accident).
if (option("keys")) writeFileSync(option("keys")!, JSON.stringify(Object.fromEntries([...byKey].map(([k, v]) => [k, Object.fromEntries(v.ms)]))));
const confirmations = (option("confirm")?.split(",") ?? []).map((f) => JSON.parse(readFileSync(f, "utf8")) as Record<string, Record<string, number>>);
const entries: TileEntry[] = [];
for (const [key, { ms, docs, p }] of byKey) {
  const { M, N, K, ta, tb } = p;
  const batch = [M, N, K].includes("n") ? p.batch : 0;
  const before = tilesBefore(M, N, K, p.batch, false);
  const beforeLabel = `${before.ri}×${before.rj}`;
  const ranked = [...ms].sort((a, b) => a[1] - b[1]);
  const modelLabel = `${p.model.ri}×${p.model.rj}`;
  const modelMs = ms.get(modelLabel)!;
  const [best, bestMs] = ranked[0]!;
  const gain = modelMs / bestMs - 1;
  log(`\n${key}: ${docs.join("; ")}`);
  log(`  model ${modelLabel} ${modelMs.toFixed(4)} ms, before ${beforeLabel} ${ms.get(beforeLabel)?.toFixed(4)} ms; ` + ranked.slice(0, 8).map(([l, t]) => `${l} ${t.toFixed(4)}`).join(", ") + ` … worst ${ranked[ranked.length - 1]![0]} ${ranked[ranked.length - 1]![1].toFixed(4)}`);
  const unconfirmed = confirmations.filter((c) => {
    const [t, m] = [c[key]?.[best], c[key]?.[modelLabel]];
    return t !== undefined && m !== undefined && !(m / t - 1 > margin);
  }).length;
  const keep = gain > margin && unconfirmed === 0;
  if (gain > margin && unconfirmed > 0) log(`  ${best} not confirmed by ${unconfirmed} earlier run(s)`);
  log(`  ${keep ? `table: ${best} (${(100 * gain).toFixed(1)}% faster than the model's ${modelLabel})` : `model's ${modelLabel} kept (best ${best} only ${(100 * gain).toFixed(1)}% faster)`}`);
  if (!keep) continue;
  const [ri, rj] = best.split("×").map(Number) as [number, number];
  const top = Object.fromEntries(ranked.slice(0, 3).map(([l, t]) => [l, Number(t.toFixed(4))]));
  entries.push({ M, N, K, ta, tb, batch, ri, rj, ms: { ...top, [modelLabel]: Number(modelMs.toFixed(4)), [beforeLabel]: Number(ms.get(beforeLabel)!.toFixed(4)) }, product: docs.join("; ") });
}
// --merge: the table's entries for products not measured now are kept.
if (process.argv.includes("--merge")) entries.push(...TILE_TABLE.filter((e) => !byKey.has(tileKey(e))));
entries.sort((a, b) => (tileKey(a) < tileKey(b) ? -1 : tileKey(a) > tileKey(b) ? 1 : 0));

const text = `// The measured register tiles chooseTiles reads (see tiles.ts): written by \`npm run bench:tiles -- --write\`,
// never during compile(). One entry per product: C[M, N] = op(A)·op(B) over K (n the batch), its
// transposes and the rows n stands for (maxBatch × the flattened axes; 0 when no dimension is n).
// \`ms\`: ms per call of the best candidates, of the cost model's tile (modelTiles) and of the rule's
// before the table (bench/tile-rule-before.ts), for the record.
// Measured on ${machine}, median of ${processes} processes × ${rounds} interleaved rounds; only tiles
// more than ${(margin * 100).toFixed(0)}% faster than the cost model's are kept${confirmations.length ? ", in this run and in an earlier one (--confirm)" : ""}.
import type { Dim } from "../../ir/graph.ts";

export interface TileEntry {
  M: Dim;
  N: Dim;
  K: Dim;
  ta: boolean;
  tb: boolean;
  batch: number;
  ri: number;
  rj: number;
  ms: Record<string, number>;
  /** The product measured (its kernel's formula) and the models it came from. */
  product: string;
}

/** The table's key of a product: "n×784×128 A·B @64" (@ the rows n stands for; none without n). */
export function tileKey(p: { M: Dim; N: Dim; K: Dim; ta: boolean; tb: boolean; batch: number }): string {
  const batch = [p.M, p.N, p.K].includes("n") ? \` @\${p.batch}\` : "";
  return \`\${p.M}×\${p.N}×\${p.K} \${p.ta ? "Aᵀ" : "A"}·\${p.tb ? "Bᵀ" : "B"}\${batch}\`;
}

export const TILE_MACHINE = ${JSON.stringify(machine)};

// prettier-ignore
export const TILE_TABLE: readonly TileEntry[] = [
${entries.map((e) => `  ${JSON.stringify(e)},`).join("\n")}
];
`;
if (process.argv.includes("--write")) {
  writeFileSync(TABLE, text);
  log(`\nwrote ${path.relative(ROOT, TABLE)} (${entries.length} entries)`);
} else process.stdout.write(text);
