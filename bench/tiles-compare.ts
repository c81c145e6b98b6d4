// `npm run bench:tiles-compare`: the tiles end to end. The benchmark's workloads compiled as
// compile() does (measured table, else cost model: "now") and with the rule before the table
// (tile-rule-before.ts: "before"), each run by bench/case.mjs in its own process next to the
// hand-written reference, in rotating order; medians and speeds (reference ms / ms).
//
//   npm run bench:tiles-compare -- [--reps 5 --only mnist,wide --modes train,infer --timed 1000]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { metaFromSpec } from "../compiler/index.ts";
import { lower } from "../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../compiler/phases/3-optimize/index.ts";
import { planMemory } from "../compiler/phases/4-plan/plan.ts";
import { gemmDims } from "../compiler/phases/4-plan/tiles.ts";
import { tilesBefore } from "./tile-rule-before.ts";
import { emitModule } from "../compiler/backends/js/emit/module.ts";
import { valueShapes } from "../compiler/ir/graph.ts";
import { compile } from "../src/index.ts";
import { validateSpec } from "../src/spec/validate.ts";
import { WORKLOADS } from "./workloads.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const reps = Number(option("reps") ?? 5);
const timed = option("timed") ?? "1000";
const only = option("only")?.split(",") ?? ["mnist", "wide"];
const modes = option("modes")?.split(",") ?? ["train", "infer"];
const log = (text: string) => process.stderr.write(text + "\n");

/** The module as compile() writes it, but with the tiles of the rule before the table for every product. */
async function beforeModule(spec: unknown): Promise<string> {
  const normalized = validateSpec(spec);
  const { graph, params } = lower(normalized);
  const full = optimize(differentiate(graph));
  const meta = metaFromSpec(normalized, params);
  const plan = planMemory(full, meta.maxBatch);
  const shapes = valueShapes(full);
  for (const g of [...plan.groups.forward, ...plan.groups.loss, ...plan.groups.backward]) {
    if (g.kind !== "gemm") continue;
    const { M, N, K, nScale } = gemmDims(g.head!, (id) => shapes.get(id)!);
    g.tiles = tilesBefore(M, N, K, meta.maxBatch * nScale, nScale === 1);
  }
  return emitModule(full, plan, meta);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const dir = mkdtempSync(path.join(tmpdir(), "tapeless-tiles-compare-"));
try {
  log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const workloads = WORKLOADS.filter((w) => only.includes(w.name));
  for (const w of workloads) {
    for (const [variant, code] of [["now", (await compile(w.spec)).code], ["before", await beforeModule(w.spec)]] as const) {
      const js = await transform(code, { loader: "ts", format: "esm", target: "node20" });
      writeFileSync(path.join(dir, `${w.name}-${variant}.mjs`), js.code);
    }
  }
  const variants = ["now", "before", "reference"] as const;
  const cases = workloads.flatMap((w) => modes.flatMap((mode) => variants.map((v) => ({ w: w.name, mode, v }))));
  const ms = new Map<string, number[]>();
  const gcs = new Map<string, number>();
  for (let rep = 0; rep < reps; rep++) {
    const shift = Math.floor((rep * cases.length) / reps);
    for (const c of [...cases.slice(shift), ...cases.slice(0, shift)]) {
      const module = path.join(dir, `${c.w}-${c.v === "reference" ? "now" : c.v}.mjs`);
      const impl = c.v === "reference" ? "reference" : "tapeless";
      const out = spawnSync(process.execPath, ["--expose-gc", path.join(ROOT, "bench/case.mjs"), impl, c.w, c.mode, module, timed], { encoding: "utf8", cwd: ROOT });
      const line = out.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
      if (out.status !== 0 || !line) throw new Error(`${c.v} ${c.w} ${c.mode} failed\n${out.stderr}`);
      const r = JSON.parse(line) as { ms: number; gcs: number };
      const key = `${c.w} ${c.mode} ${c.v}`;
      ms.set(key, [...(ms.get(key) ?? []), r.ms]);
      gcs.set(key, Math.max(gcs.get(key) ?? 0, r.gcs));
      log(`  [${rep + 1}/${reps}] ${key.padEnd(24)} ${r.ms.toFixed(3)} ms  ${r.gcs} GCs`);
    }
  }
  console.log(`\n| workload | mode | now ms | before ms | reference ms | now speed | before speed | before ms / now ms | GCs (now, before) |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const w of workloads) {
    for (const mode of modes) {
      const [t, r, ref] = variants.map((v) => median(ms.get(`${w.name} ${mode} ${v}`)!));
      const g = `${gcs.get(`${w.name} ${mode} now`)}, ${gcs.get(`${w.name} ${mode} before`)}`;
      console.log(`| ${w.name} | ${mode} | ${t!.toFixed(3)} | ${r!.toFixed(3)} | ${ref!.toFixed(3)} | ${(ref! / t!).toFixed(3)}× | ${(ref! / r!).toFixed(3)}× | ${(r! / t!).toFixed(3)} | ${g} |`);
    }
  }
  console.log(`\nms per step: median over ${reps} processes (each the median of its timed samples); speed = reference ms / ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
