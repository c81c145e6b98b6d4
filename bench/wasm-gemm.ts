// `npx tsx bench/wasm-gemm.ts [--sweep | --tiles n4x2,n2x4u2p,k2x3p,n2x4Pb256] [--tf] [--f64] [--only mnist] [--batch 1] [--rounds 15]`: times the WebAssembly SIMD
// matrix-product kernels (compiler/backends/wasm/kernels/gemm.ts) against the JavaScript kernels the
// compiler emits today, on every module-level product of the mnist and wide workloads at their batch
// size: medians over interleaved rounds, the ratio, and multiply-adds per cycle (the clock read from
// /proc/cpuinfo's "cpu MHz", a nominal figure: turbo or sharing moves the true one). --sweep also
// times every candidate tile of each product and prints the best.
import { readFileSync } from "node:fs";
import { transformSync } from "esbuild";
import { compileSpec } from "../compiler/index.ts";
import { gemmParams, gemmScratchBytes, gemmWat, type WasmGemm, type WasmTile } from "../compiler/backends/wasm/kernels/gemm.ts";
import { chooseWasmTile } from "../compiler/backends/wasm/kernels/gemm-choice.ts";
import { validateSpec } from "../src/spec/validate.ts";
import { WORKLOADS } from "./workloads.mjs";

const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
};
const dtype = process.argv.includes("--f64") ? "f64" : "f32";
const Typed = dtype === "f32" ? Float32Array : Float64Array;
const shift = dtype === "f32" ? 2 : 3;
const sweep = process.argv.includes("--sweep") || process.argv.includes("--tiles");
const batchOption = option("batch");
const only = option("only")?.split(",") ?? ["mnist", "wide"];
const rounds = Number(option("rounds") ?? 15);
const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? NaN);

const KERNEL = /\/\*\* (C\[[^\n]*?); (\d+)×(\d+) register tiles \*\/\n\/\/ prettier-ignore\nfunction (\w+)\(([^)]*)\): void \{\n([\s\S]*?)\n\}\n/g;
const dim = (s: string): number | "batch" => (s === "n" ? "batch" : Number(s));

interface Product {
  label: string;
  js: Function;
  g: WasmGemm;
  batch: number;
  macs: number;
}

/** The step-mask epilogue of a relu's gradient: C[at] = acc · (e0[at] > 0 ? 1 : 0) (of --f64 or f32). */
const stepMul = (acc: string, at: string) => {
  const addr = (base: string) => `(i32.add (local.get ${base}) (i32.shl (local.get ${at}) (i32.const ${shift})))`;
  return `(${dtype}.store ${addr("$C")} (select (local.get ${acc}) (${dtype}.const 0) (${dtype}.gt (${dtype}.load ${addr("$e0")}) (${dtype}.const 0))))`;
};

/** The same on four elements: the accumulators masked by e0 > 0. */
const stepMulVector = (value: string, at: string) => {
  const addr = (base: string) => `(i32.add (local.get ${base}) (i32.shl (local.get ${at}) (i32.const ${shift})))`;
  return `(v128.store ${addr("$C")} (v128.and (local.get ${value}) (${dtype === "f32" ? "f32x4" : "f64x2"}.gt (v128.load ${addr("$e0")}) (v128.const i64x2 0 0))))`;
};

async function products(): Promise<Product[]> {
  const out: Product[] = [];
  for (const w of WORKLOADS.filter((w) => only.includes(w.name))) {
    const { code } = await compileSpec(validateSpec({ ...w.spec, dtype }));
    for (const [, doc, , , name, params, body] of code.matchAll(KERNEL)) {
      const shapes = /; A \[(\w+), (\w+)\](ᵀ?), B \[(\w+), (\w+)\](ᵀ?)$/.exec(doc!)!;
      const [ta, tb] = [shapes[3] === "ᵀ", shapes[6] === "ᵀ"];
      const [M, K] = ta ? [dim(shapes[2]!), dim(shapes[1]!)] : [dim(shapes[1]!), dim(shapes[2]!)];
      const N = Number(tb ? shapes[4] : shapes[5]);
      const bias = doc!.includes("+ e0[j]");
      const relu = doc!.includes("Math.max(acc, 0)");
      const step = doc!.includes("(e0 > 0 ? 1 : 0)");
      if (/e\d/.test(doc!.replace("+ e0[j]", "").replace("(e0 > 0 ? 1 : 0)", ""))) continue; // an epilogue not modelled here
      const js = new Function(transformSync(`return function ${name}(${params}) {\n${body}\n}`, { loader: "ts" }).code)();
      const g: WasmGemm = { name: name!, M, N, K, nScale: 1, ta, tb, dtype, bias, relu, ...(step ? { store: stepMul, storeVector: stepMulVector, extraParams: ["e0"] } : {}) };
      const size = (d: number | "batch") => (d === "batch" ? batchOf(w) : d);
      out.push({ label: `${w.name} ${doc!.split(";")[0]}${ta ? " ta" : ""}${tb ? " tb" : ""}`, js, g, batch: batchOf(w), macs: size(M) * N * size(K) });
    }
  }
  return out;
}

async function assemble(gs: WasmGemm[], bytes: number) {
  const wabt = await (await import("wabt")).default();
  const text = `(module (memory (export "memory") ${Math.ceil(bytes / 65536)})\n${gs.map(gemmWat).join("\n")}\n${gs.map((g) => `(export "${g.name}" (func $${g.name}))`).join("\n")})`;
  const m = wabt.parseWat("bench.wat", text, { simd: true });
  m.resolveNames();
  m.validate();
  const { instance } = await WebAssembly.instantiate(m.toBinary({}).buffer);
  return instance.exports as Record<string, Function> & { memory: WebAssembly.Memory };
}

/** A workload's batch, or --batch. */
const batchOf = (w: { batch: number }) => (batchOption ? Number(batchOption) : w.batch);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** ms per call of each runner: warm-up, then `rounds` rounds of each, interleaved; median. */
function time(runners: (() => void)[], macs: number): number[] {
  const reps = Math.max(1, Math.round(2e7 / macs));
  for (const run of runners) for (let r = 0; r < reps * 3; r++) run();
  const samples = runners.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    runners.forEach((run, k) => {
      const t = performance.now();
      for (let r = 0; r < reps; r++) run();
      samples[k]!.push((performance.now() - t) / reps);
    });
  }
  return samples.map(median);
}

/** --tiles n4x2,n2x4u2p,k2x3p,n2x4Pb256: the candidates to sweep (mode, rows × cols, unroll, panel, Packed, block of K). */
const chosenTiles = option("tiles")?.split(",").map((t): WasmTile => {
  const m = /^([nk])(\d+)x(\d+)(?:u(\d+))?(p?)(P?)(?:b(\d+))?$/.exec(t);
  if (!m) throw new Error(`--tiles: cannot read ${t}`);
  return { mode: m[1] as "n" | "k", rows: Number(m[2]), cols: Number(m[3]), unroll: Number(m[4] ?? 1), panel: m[5] === "p", pack: m[6] === "P", ...(m[7] ? { kBlock: Number(m[7]) } : {}) };
});

function candidates(g: WasmGemm): WasmTile[] {
  const fits = (t: WasmTile) => t.mode === "n" || (g.tb && !g.ta && typeof g.K === "number");
  if (chosenTiles) return chosenTiles.filter(fits);
  const list: WasmTile[] = [];
  for (const rows of [2, 3, 4, 5, 6]) for (const cols of [1, 2, 3, 4]) for (const unroll of [1, 2]) list.push({ mode: "n", rows, cols, unroll });
  if (g.tb && !g.ta && typeof g.K === "number") for (const rows of [1, 2, 3, 4]) for (const cols of [2, 3, 4, 8]) list.push({ mode: "k", rows, cols, unroll: 1 });
  return list.flatMap((t) => [t, { ...t, panel: true }]);
}

/**
 * The clock measured: a chain of 64 dependent one-cycle integer operations (add, xor alternating,
 * which no compiler pass folds) per loop iteration, its counter running alongside; cycles/s = 64 · iterations / s.
 */
async function calibrate(): Promise<number> {
  const chain = Array.from({ length: 32 }, () => "(local.set $x (i32.xor (i32.add (local.get $x) (local.get $y)) (local.get $y)))").join(" ");
  const wabt = await (await import("wabt")).default();
  const m = wabt.parseWat("spin.wat", `(module (func (export "spin") (param $n i32) (param $y i32) (result i32) (local $x i32) (loop $l ${chain} (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))) (local.get $x)))`, {});
  const { instance } = await WebAssembly.instantiate(new Uint8Array(m.toBinary({}).buffer));
  const spin = instance.exports.spin as (n: number, y: number) => number;
  const iterations = 1e6;
  const samples: number[] = [];
  for (let r = 0; r < 15; r++) {
    const t = performance.now();
    spin(iterations, 0x9e3779b9);
    samples.push((64 * iterations) / ((performance.now() - t) * 1e-3));
  }
  return median(samples) / 1e6;
}

const fmt = (x: number, d = 3) => x.toFixed(d);
const perCycleOf = (macs: number, ms: number) => macs / (ms * 1e-3 * mhz * 1e6);
const tileName = (t: WasmTile) => `${t.mode} ${t.rows}×${t.cols}${t.unroll > 1 ? ` u${t.unroll}` : ""}${t.panel ? " panel" : ""}${t.pack ? " packed" : ""}${t.kBlock ? ` block ${t.kBlock}` : ""}`;

/**
 * --tf: TensorFlow.js's wasm backend (XNNPACK) on the same product: tf.matMul with the transposes,
 * tf.fused.matMul with the bias and relu (the store hook's mask not included), one call and its
 * dispose per run (its dispatch overhead included, as a model would pay it).
 */
async function tfRunner(p: Product, M: number, N: number, K: number): Promise<{ run: () => void; flavor: string }> {
  const tf = (await import("@tensorflow/tfjs")) as any;
  if (tf.getBackend() !== "wasm") {
    const wasm = (await import("@tensorflow/tfjs-backend-wasm")) as any;
    const { createRequire } = await import("node:module");
    const path = await import("node:path");
    const dist = path.dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    wasm.setWasmPaths(dist + path.sep);
    await tf.setBackend("wasm");
    await tf.ready();
  }
  const fill = (n: number) => Array.from({ length: n }, (_, t) => Math.sin(t) * 0.5);
  const a = tf.tensor(fill(M * K), p.g.ta ? [K, M] : [M, K]);
  const b = tf.tensor(fill(K * N), p.g.tb ? [N, K] : [K, N]);
  const bias = tf.tensor(fill(N), [N]);
  const [transposeA, transposeB] = [p.g.ta, p.g.tb];
  const fused = p.g.bias || p.g.relu;
  const run = () => {
    const c = fused ? tf.fused.matMul({ a, b, transposeA, transposeB, ...(p.g.bias ? { bias } : {}), ...(p.g.relu ? { activation: "relu" } : {}) }) : tf.matMul(a, b, transposeA, transposeB);
    c.dispose();
  };
  const flavor = `${tf.env().getBool("WASM_HAS_SIMD_SUPPORT") ? "simd" : "no simd"}, ${tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT") ? "threads" : "1 thread"}`;
  return { run, flavor };
}
const withTf = process.argv.includes("--tf");

const list = await products();
const measured = await calibrate();
console.log(`clock: ${mhz} MHz in /proc/cpuinfo (used for MAC/cycle), ${measured.toFixed(0)} MHz measured by a dependent-add chain; ${rounds} rounds, ${dtype}`);
console.log(["product", "batch", "js ms", "wasm ms", "ratio", "js MAC/cycle", "wasm MAC/cycle", "tile"].join(" | "));
const totals = { js: 0, wasm: 0 };
for (const p of list) {
  const size = (d: number | "batch") => (d === "batch" ? p.batch : d);
  const [M, N, K] = [size(p.g.M), p.g.N, size(p.g.K)];
  const tiles = sweep ? [chooseWasmTile(p.g), ...candidates(p.g)] : [chooseWasmTile(p.g)];
  const gs = tiles.map((tile, t) => ({ ...p.g, name: `${p.g.name}_${t}`, tile }));
  const e = Typed.BYTES_PER_ELEMENT;
  const scratchBytes = Math.max(...gs.map((g) => gemmScratchBytes(g, p.batch)));
  const bytes = e * (M * K + K * N + N + 2 * M * N) + scratchBytes + 1024;
  const mod = await assemble(gs, bytes);
  const mem = new Typed(mod.memory.buffer);
  const [aAt, bAt] = [64, 64 + M * K * e];
  const biasAt = bAt + K * N * e;
  const [cAt, eAt] = [biasAt + N * e, biasAt + N * e + M * N * e];
  for (let t = 0; t < mem.length; t++) mem[t] = Math.sin(t) * 0.5;
  const view = (at: number, n: number) => new Typed(mod.memory.buffer, at, n);
  const [A, B, bias, C, E0] = [view(aAt, M * K), view(bAt, K * N), view(biasAt, N), view(cAt, M * N), view(eAt, M * N)];
  const jsArgs = [A, B, ...(p.g.bias || p.g.store ? [p.g.bias ? bias : E0] : []), C, p.batch];
  const pointers: Record<string, number> = { A: aAt, B: bAt, bias: biasAt, C: cAt, batch: p.batch, e0: eAt, scratch: eAt + M * N * e };
  const argsOf = (g: WasmGemm) => gemmParams(g).map((name) => pointers[name]!);
  // the same product: the JS kernel's C and each wasm kernel's agree (to f32 rounding of sums in another order)
  p.js(...jsArgs);
  const expected = Typed.from(C);
  for (const g of gs) {
    C.fill(NaN);
    mod[g.name]!(...argsOf(g));
    const worst = C.reduce((w, c, t) => Math.max(w, Math.abs(c - expected[t]!) / (1 + Math.abs(expected[t]!))), 0);
    if (!(worst < 1e-4)) throw new Error(`${p.label}: ${g.name} differs from the JS kernel by ${worst}`);
  }
  const runners = [() => p.js(...jsArgs), ...gs.map((g) => {
    const args = argsOf(g);
    return () => mod[g.name]!(...args);
  })];
  const tf = withTf ? await tfRunner(p, M, N, K) : undefined;
  if (tf) runners.push(tf.run);
  const ms = time(runners, p.macs);
  const perCycle = (t: number) => perCycleOf(p.macs, t);
  const [js, wasm] = [ms[0]!, ms[1]!];
  totals.js += js;
  totals.wasm += wasm;
  console.log([p.label, p.batch, fmt(js), fmt(wasm), fmt(js / wasm, 2), fmt(perCycle(js), 2), fmt(perCycle(wasm), 2), tileName(tiles[0]!)].join(" | "));
  if (tf) console.log(`   tfjs-wasm (${tf.flavor}): ${fmt(ms[ms.length - 1]!)} ms (${fmt(perCycleOf(p.macs, ms[ms.length - 1]!), 2)} MAC/cycle)`);
  if (sweep) {
    const ranked = tiles.map((t, k) => ({ t, ms: ms[k + 1]! })).sort((a, b) => a.ms - b.ms).slice(0, 5);
    console.log(`   best: ${ranked.map((r) => `${tileName(r.t)} ${fmt(r.ms)} (${fmt(perCycle(r.ms), 2)})`).join(", ")}`);
  }
}
console.log(`total: js ${fmt(totals.js)} ms, wasm ${fmt(totals.wasm)} ms, ratio ${fmt(totals.js / totals.wasm, 2)}`);
