// The WebAssembly SIMD128 max pooling (max_pool2d, channels last, as backends/js/kernels/pool.ts):
// per output pixel, tiles of channel vectors hold the maximum over the window's positions inside x,
// kept as the JavaScript kernel keeps it: m starts at the window's first element and takes v when
// v > m (a compare and a select per lane: a NaN first stays, a later NaN is passed over, ties keep the first).
import type { PoolDims } from "../../../ops/pool.ts";
import { Simd } from "./simd.ts";
import { add, Body, get, i32, mul, set, type I32 } from "./wat.ts";

export interface WasmMaxPool {
  /** The wasm function's name, without "$". */
  name: string;
  d: PoolDims;
  dtype: "f32" | "f64";
}

/** Channel vectors per tile. */
const TV = 4;

/** `(func $name (param $A i32) (param $C i32) (param $batch i32) …)`: y (at $C) = max_pool2d(x at $A); byte addresses of dense arrays. */
export function maxPoolWat(p: WasmMaxPool): string {
  const { d } = p;
  const s = new Simd(p.dtype);
  const f = new Body();
  const [E, L] = [s.size, s.lanes];
  const [sh, sw] = d.strides;
  const [top, bottom, left, right] = d.pads;
  const [ph, pw] = d.window;
  const N = d.N === "n" ? get("$batch") : d.N;
  /** A window's first row (column) and one past its last, inside x: clamped only on a side with padding. */
  const bounds = (v: string, s: number, before: number, after: number, size: number, win: number, lo: string, hi: string) => {
    const start = add(mul(get(v), s), -before);
    f.emit(set(f.local(lo), before > 0 ? `(select (local.tee $t ${i32(start)}) (i32.const 0) (i32.gt_s (local.get $t) (i32.const 0)))` : i32(start)));
    const end = add(mul(get(v), s), win - before);
    f.emit(set(f.local(hi), after > 0 ? `(select (local.tee $t ${i32(end)}) (i32.const ${size}) (i32.lt_s (local.get $t) (i32.const ${size})))` : i32(end)));
  };
  f.local("$t");
  const nFull = Math.floor(d.C / L);
  const part = d.C % L;
  const tv = Math.min(TV, Math.max(1, nFull));
  const tile = (v0: I32, counts: number[]) => {
    const c0 = mul(v0, L);
    counts.forEach((_, v) => f.local(`$m${v}`, "v128"));
    f.local("$v", "v128");
    // x[b, h0, w0, c0]: the window's first element
    f.emit(set(f.local("$xa"), i32(add(get("$A"), mul(add(mul(add(mul(add(mul(get("$b"), d.H), get("$h0")), d.W), get("$w0")), d.C), c0), E)))));
    counts.forEach((n, v) => f.emit(set(`$m${v}`, s.load(get("$xa"), v * 16, n))));
    f.forLoop("$h", get("$h0"), get("$h1"), 1, () => {
      f.emit(set("$xa", i32(add(get("$A"), mul(add(mul(add(mul(add(mul(get("$b"), d.H), get("$h")), d.W), get("$w0")), d.C), c0), E)))));
      f.forLoop("$w", get("$w0"), get("$w1"), 1, () => {
        counts.forEach((n, v) => {
          f.emit(set("$v", s.load(get("$xa"), v * 16, n)));
          f.emit(set(`$m${v}`, `(v128.bitselect (local.get $v) (local.get $m${v}) ${s.op("gt", get("$v"), get(`$m${v}`))})`));
        });
        f.emit(set("$xa", i32(add(get("$xa"), d.C * E))));
      });
    });
    // y[b, i, j, c0 ..]
    f.emit(set(f.local("$ya"), i32(add(get("$C"), mul(add(mul(add(mul(add(mul(get("$b"), d.OH), get("$i")), d.OW), get("$j")), d.C), c0), E)))));
    counts.forEach((n, v) => f.emit(...s.store(get("$ya"), v * 16, n, get(`$m${v}`))));
  };
  f.forLoop("$b", 0, N, 1, () => {
    f.forLoop("$i", 0, d.OH, 1, () => {
      bounds("$i", sh, top, bottom, d.H, ph, "$h0", "$h1");
      f.forLoop("$j", 0, d.OW, 1, () => {
        bounds("$j", sw, left, right, d.W, pw, "$w0", "$w1");
        const full = Math.floor(nFull / tv);
        if (full === 1) tile(0, Array(tv).fill(L));
        if (full > 1) f.forLoop("$cv", 0, full * tv, tv, () => tile(get("$cv"), Array(tv).fill(L)));
        const rest = [...Array(nFull % tv).fill(L), ...(part ? [part] : [])];
        if (rest.length > 0) tile(full * tv, rest);
      });
    });
  });
  const header = `(func $${p.name} (param $A i32) (param $C i32) (param $batch i32)`;
  const doc = `  ;; y[${d.N},${d.OH},${d.OW},${d.C}] = max_pool2d(x[${d.N},${d.H},${d.W},${d.C}]), windows ${d.window}, strides ${d.strides}, pads ${d.pads}; ${p.dtype}`;
  const locals = f.declarations();
  return [header, doc, ...(locals ? [`  ${locals}`] : []), ...f.lines, ")"].join("\n") + "\n";
}
