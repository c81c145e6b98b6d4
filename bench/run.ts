// `npm run bench`: tapeless against a hand-written JavaScript reference, TensorFlow.js (cpu and
// wasm backends) and onnxruntime-web (wasm, one thread; inference only, from ONNX graphs built
// here: bench/onnx/) on five workloads (four MLPs and the lenet CNN), training and inference.
// Tapeless and the reference run as a pair in one process (bench/case.mjs), their timed samples interleaved, so that each
// tapeless sample has a reference sample taken next to it, in the same phase of a machine whose
// speed drifts; the TensorFlow.js backends and onnxruntime-web (which allocate) run in processes
// of their own. Every process is repeated over time in rotating order; the table gives the medians of the timed
// samples, the speed relative to the reference (above 1 is faster: for tapeless the median of its
// per-pair ratios, otherwise reference ms / ms), each tapeless implementation against each peer of
// VERSUS (peer ms / tapeless ms) and the garbage collections seen while timing.
// Then compile times through the CLI, and a depth sweep, and the warm compile() time of each
// example (in this process, after a warm-up).
//
//   npm run bench [-- --reps 3 --only mnist,wide --impls tapeless,reference --modes train
//                     --timed 1000 --no-compile]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { compile } from "../src/index.ts";
import { WORKLOADS, deepSpec } from "./workloads.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const IMPLS = ["tapeless", "tapeless-wasm", "reference", "tfjs-cpu", "tfjs-wasm", "onnxruntime-web"] as const;
/** The implementations tapeless generates (its JavaScript and WebAssembly targets), each compared with the peers below. */
const TAPELESS = ["tapeless", "tapeless-wasm"];
/** Peers with a column of their own per tapeless implementation: peer median ms / tapeless median ms. */
const VERSUS = ["tapeless", "tfjs-wasm", "onnxruntime-web"];
const MODES = ["train", "infer"] as const;

interface Result {
  impl: string;
  workload: string;
  mode: string;
  ms: number;
  times: number[];
  gcs: number;
  check: number;
  backend: string;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const list = (name: string, all: readonly string[]) => option(name)?.split(",") ?? [...all];
const reps = Number(option("reps") ?? 3);
const timed = option("timed") ?? "1000";
const workloads = WORKLOADS.filter((w) => list("only", WORKLOADS.map((x) => x.name)).includes(w.name));
const impls = list("impls", IMPLS);
const modes = list("modes", MODES);
// Tapeless and the reference as one interleaved pair, unless --impls leaves one of them out.
const paired = impls.includes("tapeless") && impls.includes("reference");
const units = paired ? ["pair", ...impls.filter((i) => i !== "tapeless" && i !== "reference")] : impls;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(3) : ms.toPrecision(3));
const fmtX = (x: number) => `${x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2)}×`;
const log = (text: string) => process.stderr.write(text + "\n");

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "tapeless-bench-"));
  try {
    log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    const stats = new Map<string, { arena: number; naive: number; params: number }>();
    for (const w of workloads) {
      const result = await compile(w.spec);
      const js = await transform(result.code, { loader: "ts", format: "esm", target: "node20" });
      writeFileSync(path.join(dir, `${w.name}.mjs`), js.code);
      // the WebAssembly target's module beside it (case.mjs finds it by name)
      if (impls.includes("tapeless-wasm")) {
        const wasm = await compile(w.spec, { target: "wasm" });
        writeFileSync(path.join(dir, `${w.name}.wasm.mjs`), (await transform(wasm.code, { loader: "ts", format: "esm", target: "node20" })).code);
      }
      stats.set(w.name, { arena: result.stats.arenaBytes, naive: result.stats.naiveArenaBytes, params: result.stats.paramCount });
    }

    const cases = workloads.flatMap((w) => modes.flatMap((mode) => units.map((unit) => ({ w: w.name, mode, unit }))));
    const results: Result[] = [];
    const ratios = new Map<string, number[]>(); // workload/mode → every pair's reference ms / tapeless ms
    const unsupported = new Map<string, string>(); // workload/mode/impl → why that implementation cannot run it
    const started = Date.now();
    for (let rep = 0; rep < reps; rep++) {
      // Rotate the order each repetition, so no implementation always runs at the same moment.
      const shift = Math.floor((rep * cases.length) / Math.max(reps, 1));
      const order = [...cases.slice(shift), ...cases.slice(0, shift)];
      for (const c of order) {
        const out = spawnSync(
          process.execPath,
          ["--expose-gc", path.join(ROOT, "bench/case.mjs"), c.unit, c.w, c.mode, path.join(dir, `${c.w}.mjs`), timed],
          { encoding: "utf8", cwd: ROOT, maxBuffer: 1 << 24 },
        );
        const line = out.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
        if (out.status !== 0 || !line) {
          log(`  ${c.unit} ${c.w} ${c.mode}: failed\n${out.stderr}`);
          continue;
        }
        const r = JSON.parse(line) as { workload: string; mode: string; results: Omit<Result, "workload" | "mode">[]; ratios?: number[]; unsupported?: { impl: string; reason: string } };
        if (r.unsupported) {
          unsupported.set(`${c.w}/${c.mode}/${r.unsupported.impl}`, r.unsupported.reason);
          log(`  [${rep + 1}/${reps}] ${c.w.padEnd(6)} ${c.mode.padEnd(5)} ${r.unsupported.impl}: cannot run (${r.unsupported.reason})`);
          continue;
        }
        for (const one of r.results) results.push({ ...one, workload: r.workload, mode: r.mode });
        if (r.ratios) ratios.set(`${c.w}/${c.mode}`, [...(ratios.get(`${c.w}/${c.mode}`) ?? []), ...r.ratios]);
        const each = r.results.map((one) => `${one.impl.padEnd(10)} ${fmtMs(one.ms).padStart(9)} ms  ${one.gcs} GCs`).join("  ");
        const pairs = r.ratios ? `  speed ${fmtX(median(r.ratios))} (${r.ratios.length} pairs)` : "";
        log(`  [${rep + 1}/${reps}] ${c.w.padEnd(6)} ${c.mode.padEnd(5)} ${each}${pairs}  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
    printTables(results, ratios, stats, unsupported);
    if (!process.argv.includes("--no-compile")) {
      compileTimes(dir);
      await warmCompileTimes();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTables(
  results: Result[],
  ratios: Map<string, number[]>,
  stats: Map<string, { arena: number; naive: number; params: number }>,
  unsupported: Map<string, string>,
) {
  const pick = (w: string, mode: string, impl: string) => results.filter((r) => r.workload === w && r.mode === mode && r.impl === impl);
  const backends = [...new Set(results.filter((r) => r.backend).map((r) => `${r.impl}: ${r.backend}`))];
  console.log(`\n# tapeless benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, node ${process.version}`);
  const others = impls.filter((i) => i !== "tapeless" && i !== "reference");
  const versus = TAPELESS.filter((t) => impls.includes(t)).flatMap((t) => VERSUS.filter((p) => p !== t && impls.includes(p)).map((p) => [t, p] as const));
  console.log(
    `ms per step: median of every timed sample (≥ 20 ms of steps each) over ${reps} repetition${reps === 1 ? "" : "s"}.` +
      (paired
        ? " tapeless and reference run in one process, their samples interleaved in pairs (each pair back to back," +
          " alternating which goes first); tapeless speed = median over all pairs of all repetitions of" +
          " (reference sample ms / tapeless sample ms)." +
          (others.length ? ` ${others.join(", ")} run in processes of their own; their speed = reference median ms / their median ms.` : "")
        : " Each implementation runs in processes of its own; speed = reference median ms / median ms.") +
      (versus.length ? ` "A vs B" = B median ms / A median ms (above 1: A is faster).` : "") +
      (impls.includes("onnxruntime-web")
        ? " onnxruntime-web runs an ONNX graph of the same weights (built in bench/onnx/), one awaited session.run per step" +
          " on an input tensor made once: its time includes copying the input into and the output out of its wasm heap."
        : ""),
  );
  if (backends.length) console.log(backends.join("; "));
  for (const mode of modes) {
    console.log(`\n## ${mode === "train" ? "train (trainStep: forward, loss, backward, sgd)" : "infer (forward)"}\n`);
    const head = ["workload", ...impls.map((i) => `${i} ms`), ...impls.filter((i) => i !== "reference").map((i) => `${i} speed`), ...versus.map(([t, p]) => `${t} vs ${p}`), "GCs (timed)", "check"];
    console.log(`| ${head.join(" | ")} |`);
    console.log(`|${head.map(() => "---").join("|")}|`);
    for (const w of workloads) {
      const ms = new Map(impls.map((i) => [i, pick(w.name, mode, i).flatMap((r) => r.times)]));
      const ref = ms.get("reference")?.length ? median(ms.get("reference")!) : NaN;
      // (an implementation that cannot run the case: the reason, e.g. a missing kernel, in its cell)
      const cannot = (i: string) => unsupported.get(`${w.name}/${mode}/${i}`);
      const cells = impls.map((i) => (ms.get(i)!.length ? fmtMs(median(ms.get(i)!)) : cannot(i) ? `cannot: ${cannot(i)!.replaceAll("|", "/")}` : "–"));
      const pairs = ratios.get(`${w.name}/${mode}`);
      const speed = (i: string) =>
        i === "tapeless" && pairs?.length ? fmtX(median(pairs)) : ms.get(i)!.length && ref ? fmtX(ref / median(ms.get(i)!)) : "–";
      const speeds = impls.filter((i) => i !== "reference").map(speed);
      const med = (i: string) => (ms.get(i)!.length ? median(ms.get(i)!) : NaN);
      const vs = versus.map(([t, p]) => (Number.isFinite(med(p) / med(t)) ? fmtX(med(p) / med(t)) : "–"));
      const gcs = impls.map((i) => `${i.replace("tfjs-", "").replace("onnxruntime-web", "ort").replace("tapeless-wasm", "wasm target")} ${Math.max(0, ...pick(w.name, mode, i).map((r) => r.gcs))}`).join(", ");
      // Every implementation starts from the same weights: their first loss (or output) must agree.
      const checks = impls.map((i) => pick(w.name, mode, i)[0]?.check).filter((c): c is number => c !== undefined);
      const spread = checks.length ? Math.max(...checks.map((c) => Math.abs(c - checks[0]) / Math.max(1e-6, Math.abs(checks[0])))) : 0;
      console.log(`| ${[w.name, ...cells, ...speeds, ...vs, gcs, spread < 1e-3 ? "agree" : `DIFFER ${spread.toExponential(1)}`].join(" | ")} |`);
    }
  }
  console.log("\n## memory (tapeless arena: activations and temporaries, float32)\n");
  console.log("| workload | parameters | arena bytes | one buffer per IR value | arena / naive |");
  console.log("|---|---|---|---|---|");
  for (const w of workloads) {
    const s = stats.get(w.name)!;
    console.log(`| ${w.name} | ${s.params} | ${s.arena} | ${s.naive} | ${(s.arena / s.naive).toFixed(2)} |`);
  }
}

/** Wall time of `tapeless build` (a fresh process, no cache) per workload and for deeper MLPs. */
function compileTimes(dir: string) {
  const cli = path.join(ROOT, "dist/cli.js");
  const time = (spec: object, name: string): number => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(spec));
    const runs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      execFileSync(process.execPath, [cli, "build", file, "--out", path.join(dir, "out"), "--no-cache"], { stdio: "pipe" });
      runs.push(performance.now() - t0);
    }
    return Math.min(...runs);
  };
  console.log("\n## compile time (`tapeless build`, wall clock of the process, best of 2)\n");
  console.log("| spec | layers | ms |");
  console.log("|---|---|---|");
  for (const w of workloads) console.log(`| ${w.name} | ${w.spec.layers.length} | ${time(w.spec, w.name).toFixed(0)} |`);
  // The depth sweep: compile time must grow linearly with depth (ms per added layer about the
  // same between every pair of depths; a quadratic phase would make it grow with depth).
  const depths = [1, 5, 10, 20, 40, 80, 160, 1000];
  const sweep = depths.map((d) => ({ d, ms: time(deepSpec(d), `deep${d}`) }));
  for (const { d, ms } of sweep) console.log(`| mlp 64 wide, ${d} hidden | ${d + 1} | ${ms.toFixed(0)} |`);
  console.log("\n| depths | ms per added layer |");
  console.log("|---|---|");
  for (let k = 1; k < sweep.length; k++) {
    const [a, b] = [sweep[k - 1], sweep[k]];
    console.log(`| ${a.d} → ${b.d} | ${((b.ms - a.ms) / (b.d - a.d)).toFixed(1)} |`);
  }
}

/** compile() in a warm process (modules loaded, JIT warmed by two compiles): median of 7, per example. */
async function warmCompileTimes() {
  const examples = readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".net.ts")).sort();
  const specs: [string, unknown][] = [];
  for (const f of examples) specs.push([f, ((await import(path.join(ROOT, "examples", f))) as { default: unknown }).default]);
  specs.push(["mlp 64 wide, 160 hidden", deepSpec(160)]);
  console.log("\n## compile() in a warm process (median of 7 after 2 warm-up compiles)\n");
  console.log("| spec | ms |");
  console.log("|---|---|");
  for (const [name, spec] of specs) {
    for (let i = 0; i < 2; i++) await compile(spec);
    const runs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await compile(spec);
      runs.push(performance.now() - t0);
    }
    console.log(`| ${name} | ${fmtMs(median(runs))} |`);
  }
}

await main();
