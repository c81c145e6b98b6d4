// The register tiles of a SIMD matrix product: a block of C held in v128 locals over the shared
// dimension (or one block of it), then stored once through the epilogue. "n" tiles vectorize along C's columns (a row of
// B per step, A's elements splat); "k" tiles along the shared dimension (A and Bᵀ rows both
// contiguous), each accumulator's lanes summed at the end.
import type { WasmGemm } from "./gemm.ts";
import { Stream } from "./gemm-stream.ts";
import type { Simd } from "./simd.ts";
import { add, get, i32, mul, set, type Body, type I32 } from "./wat.ts";

/** What every tile of one kernel shares: its shape, element type, body and dimensions (M, K may be run-time). */
export interface Kernel {
  g: WasmGemm;
  s: Simd;
  f: Body;
  M: I32;
  K: I32;
  /** Steps of the shared dimension per loop iteration (only with constant strides). */
  unroll: number;
  /** "n" tiles: the block of the shared dimension this pass sums (all of it by default). */
  block?: Block;
  /** "n" tiles: this pass reads B's panel from $scratch (packPanel), whole vectors one step after another. */
  packed?: boolean;
}

/** Steps k0 .. k0 + length of the shared dimension; the first block starts from the bias, the last applies the epilogue, others go through C. */
export interface Block {
  k0: number;
  length: number;
  first: boolean;
  last: boolean;
}

const acc = (r: number, v: number) => `$c${r}_${v}`;

/** The stream over B's panel of columns j.. (vectors `vecs`) in memory, from the block's first step. */
function streamB(k: Kernel, j: I32, vecs: number[]): Stream {
  const { g, s, f } = k;
  const kBytes = mul(k.K, s.size);
  const columns = vecs.reduce((x, y) => x + y, 0);
  const b = g.tb ? new Stream(f, "b", columns, kBytes, s.size) : new Stream(f, "b", vecs.length, s.lanes * s.size, g.N * s.size);
  const k0 = k.block?.k0 ?? 0;
  f.emit(...b.start(add(get("$B"), add(mul(j, g.tb ? kBytes : s.size), k0 * (g.tb ? 1 : g.N) * s.size))));
  return b;
}

/** Vector v of B's panel (`count` columns, the others 0) at `ahead` steps: a row's load, or gathered down Bᵀ's rows. */
function loadB(k: Kernel, b: Stream, v: number, count: number, ahead: number): string {
  if (!k.g.tb) return k.s.load(...b.at(v, ahead), count);
  let gathered = "";
  for (let l = 0; l < count; l++) gathered = k.s.loadLane(...b.at(v * k.s.lanes + l, ahead), l, gathered);
  return gathered;
}

/** Copies B's panel of columns j.. for this block into $scratch: per step, its vectors (zero-padded) one after another. */
export function packPanel(k: Kernel, j: I32, vecs: number[]): void {
  const b = streamB(k, j, vecs);
  const q = new Stream(k.f, "q", vecs.length, 16, vecs.length * 16);
  k.f.emit(...q.start(get("$scratch")));
  steps(k, k.block?.length ?? k.K, [b, q], (ahead) => {
    vecs.forEach((count, v) => k.f.emit(`(v128.store${offset(q.at(v, ahead)[1])} ${q.at(v, ahead)[0]} ${loadB(k, b, v, count, ahead)})`));
  });
}

const offset = (o: number) => (o ? ` offset=${o}` : "");

/** C[i.., j..] for `rows` rows and vectors of `vecs[v]` columns each (L, the last maybe fewer). */
export function tileN(k: Kernel, rows: number, i: I32, j: I32, vecs: number[]): void {
  const { g, s, f } = k;
  const [E, L] = [s.size, s.lanes];
  const kBytes = mul(k.K, E);
  const a = new Stream(f, "a", rows, g.ta ? E : kBytes, g.ta ? mul(k.M, E) : E);
  const { k0, length, first, last } = k.block ?? { k0: 0, length: k.K, first: true, last: true };
  f.emit(...a.start(add(get("$A"), add(mul(i, g.ta ? E : kBytes), mul(k0 * E, g.ta ? k.M : 1)))));
  let b: Stream;
  if (k.packed) {
    b = new Stream(f, "b", vecs.length, 16, vecs.length * 16);
    f.emit(...b.start(get("$scratch")));
  } else b = streamB(k, j, vecs);
  pointC(k, i, j);
  if (first) initAccumulators(k, rows, j, vecs);
  else for (let r = 0; r < rows; r++) vecs.forEach((count, v) => f.emit(set(acc(r, v), s.load(get("$pc"), (r * g.N + v * L) * E, count))));
  const step = (ahead: number) => {
    vecs.forEach((count, v) => f.emit(set(f.local(`$w${v}`, "v128"), k.packed ? s.load(...b.at(v, ahead), L) : loadB(k, b, v, count, ahead))));
    for (let r = 0; r < rows; r++) {
      f.emit(set(f.local("$x", "v128"), s.splat(...a.at(r, ahead))));
      vecs.forEach((_, v) => f.emit(set(acc(r, v), s.madd(get(acc(r, v)), get("$x"), get(`$w${v}`)))));
    }
  };
  steps(k, length, [a, b], step);
  for (let r = 0; r < rows; r++) {
    vecs.forEach((count, v) => {
      if (last) return storeVector(k, r, j, v * L, count, acc(r, v));
      f.emit(...s.store(get("$pc"), (r * g.N + v * L) * E, count, get(acc(r, v))));
    });
  }
}

/** C[i.., j..] for `rows` rows and `columns` columns, one accumulator each along K (constant; A [M, K], B [N, K]). */
export function tileK(k: Kernel, rows: number, i: I32, j: I32, columns: number): void {
  const { s, f } = k;
  const [E, L, K] = [s.size, s.lanes, k.K as number];
  const a = new Stream(f, "a", rows, K * E, 16);
  const b = new Stream(f, "b", columns, K * E, 16);
  f.emit(...a.start(add(get("$A"), mul(i, K * E))), ...b.start(add(get("$B"), mul(j, K * E))));
  for (let r = 0; r < rows; r++) for (let u = 0; u < columns; u++) f.emit(set(f.local(acc(r, u), "v128"), s.zero()));
  const step = (count: number) => (ahead: number) => {
    for (let u = 0; u < columns; u++) f.emit(set(f.local(`$w${u}`, "v128"), s.load(...b.at(u, ahead), count)));
    for (let r = 0; r < rows; r++) {
      f.emit(set(f.local("$x", "v128"), s.load(...a.at(r, ahead), count)));
      for (let u = 0; u < columns; u++) f.emit(set(acc(r, u), s.madd(get(acc(r, u)), get("$x"), get(`$w${u}`))));
    }
  };
  steps(k, Math.floor(K / L), [a, b], step(L));
  if (K % L) step(K % L)(0);
  pointC(k, i, j);
  f.local("$h0", "v128");
  f.local("$h1", "v128");
  const sum = f.local("$sum", "v128");
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c += L) {
      const count = Math.min(L, columns - c);
      const group = Array.from({ length: L }, (_, l) => (l < count ? get(acc(r, c + l)) : ""));
      let value = s.laneSums(group);
      if (k.g.bias) value = s.op("add", value, s.load(add(get("$bias"), mul(j, E)) as string, c * E, count));
      f.emit(set(sum, value));
      storeVector(k, r, j, c, count, sum);
    }
  }
}

/** The accumulators of an "n" tile, from the bias (one load per vector) or 0. */
function initAccumulators(k: Kernel, rows: number, j: I32, vecs: number[]): void {
  const { s, f } = k;
  vecs.forEach((count, v) => {
    let start = s.zero();
    if (k.g.bias) {
      f.emit(set(f.local(`$w${v}`, "v128"), s.load(i32(add(get("$bias"), mul(j, s.size))), v * s.lanes * s.size, count)));
      start = get(`$w${v}`);
    }
    for (let r = 0; r < rows; r++) f.emit(set(f.local(acc(r, v), "v128"), start));
  });
}

/** The inner loop: `count` steps of the shared dimension, `unroll` per iteration when every stride is constant. */
function steps(k: Kernel, count: I32, streams: Stream[], step: (ahead: number) => void): void {
  const constant = streams.every((st) => st.constantStep);
  const u = constant ? k.unroll : 1;
  const advance = (times: number) => k.f.emit(...streams.flatMap((st) => st.advance(times)));
  const main = u === 1 ? count : typeof count === "number" ? Math.floor(count / u) : `(i32.div_u ${count} (i32.const ${u}))`;
  k.f.repeat("$p", main, () => {
    for (let t = 0; t < u; t++) step(t);
    advance(u);
  });
  if (u === 1) return;
  const rest = typeof count === "number" ? count % u : `(i32.rem_u ${count} (i32.const ${u}))`;
  k.f.repeat("$rest", rest, () => {
    step(0);
    advance(1);
  });
}

/** $pc: the address of C[i, j]; with a store hook, $o: its element index. */
function pointC(k: Kernel, i: I32, j: I32): void {
  const o = add(mul(i, k.g.N), j);
  k.f.emit(set(k.f.local("$pc"), i32(add(get("$C"), mul(o, k.s.size)))));
  if (k.g.store) k.f.emit(set(k.f.local("$o"), i32(o)));
}

/** Stores `count` lanes of the vector local `value` at C[i + r, j + col..] (relu first): plain, or the hook per element. */
function storeVector(k: Kernel, r: number, j: I32, col: number, count: number, value: string): void {
  const { g, s, f } = k;
  const N = g.N;
  if (g.relu) f.emit(set(value, s.op("max", get(value), s.zero())));
  if (!g.store) return f.emit(...s.store(get("$pc"), (r * N + col) * s.size, count, get(value)));
  const [at, column] = [f.local("$at"), f.local("$column")];
  if (g.storeVector && count === s.lanes) {
    f.emit(set(at, i32(add(get("$o"), r * N + col))), set(column, i32(add(j, col))), g.storeVector(value, at, column));
    return;
  }
  const accL = f.local("$acc", g.dtype);
  for (let l = 0; l < count; l++) {
    f.emit(set(accL, s.extract(get(value), l)), set(at, i32(add(get("$o"), r * N + col + l))), set(column, i32(add(j, col + l))));
    f.emit(g.store(accL, at, column));
  }
}
