// Runs generated SIMD matrix-product kernels: assembles many gemmWat functions into one module with
// wabt, lays A, B, bias, C and extras out in its memory, and compares with a float64 product.
import { gemmParams, gemmScratchBytes, gemmWat, type WasmGemm } from "../../../../../compiler/backends/wasm/kernels/gemm.ts";

export interface Case {
  g: WasmGemm;
  batch: number;
}

type Wabt = Awaited<ReturnType<typeof import("wabt")>>;
let wabtPromise: Promise<Wabt> | undefined;
const loadWabt = () => (wabtPromise ??= import("wabt").then((w) => w.default()));

/** The module's exports for the given kernels (one function each), its memory of `pages` pages. */
export async function instantiate(gs: WasmGemm[], pages: number): Promise<{ memory: WebAssembly.Memory; fns: Record<string, Function> }> {
  const wabt = await loadWabt();
  const text = `(module (memory (export "memory") ${pages})\n${gs.map(gemmWat).join("\n")}\n${gs.map((g) => `(export "${g.name}" (func $${g.name}))`).join("\n")})`;
  const m = wabt.parseWat("kernels.wat", text, { simd: true });
  m.resolveNames();
  m.validate();
  const { buffer } = m.toBinary({});
  m.destroy();
  const { instance } = await WebAssembly.instantiate(new Uint8Array(buffer));
  return { memory: instance.exports.memory as WebAssembly.Memory, fns: instance.exports as Record<string, Function> };
}

const size = (d: number | "batch", batch: number, scale: number) => (d === "batch" ? batch * scale : d);

/** The dimensions of a case at its batch. */
export function dims(c: Case): { M: number; N: number; K: number } {
  return { M: size(c.g.M, c.batch, c.g.nScale), N: c.g.N, K: size(c.g.K, c.batch, c.g.nScale) };
}

/** Bytes a case needs (A, B, bias, C with guards, one extra array of C's size). */
export function bytesNeeded(c: Case): number {
  const { M, N, K } = dims(c);
  const e = c.g.dtype === "f32" ? 4 : 8;
  return e * (M * K + K * N + N + 3 * M * N + 64) + gemmScratchBytes(c.g, c.batch) + 320;
}

let seed = 1;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;

/**
 * Runs one case; returns the largest error of C relative to Σ|a·b| + |bias| + |expected| per element
 * (the scale a rounding error of the sum is proportional to, plus the epilogue's own rounding), and
 * whether the guards around C and after the scratch memory held.
 * `reference(acc, at, column, extra)` gives the expected stored value from the exact accumulator.
 */
export function check(c: Case, fns: Record<string, Function>, memory: WebAssembly.Memory, reference: (acc: number, at: number, column: number, extra: Float64Array) => number): { error: number; guards: boolean } {
  const { M, N, K } = dims(c);
  const g = c.g;
  const Arr = g.dtype === "f32" ? Float32Array : Float64Array;
  const e = Arr.BYTES_PER_ELEMENT;
  const guard = 8;
  let at = 64;
  const place = (length: number) => {
    const view = new Arr(memory.buffer, at, length);
    at += (length + guard) * e;
    return view;
  };
  const A = place(M * K);
  const B = place(K * N);
  const bias = place(N);
  const Cg = place(M * N + 2 * guard);
  const extra = place(M * N);
  for (const arr of [A, B, bias, extra]) for (let t = 0; t < arr.length; t++) arr[t] = random();
  Cg.fill(12345);
  const byteOf = (arr: Float32Array | Float64Array) => arr.byteOffset;
  const cAt = byteOf(Cg) + guard * e;
  const scratch = at; // gemmScratchBytes(g, batch) bytes from here, filled with garbage, then 64 guard bytes
  const scratchBytes = gemmScratchBytes(g, c.batch);
  new Uint8Array(memory.buffer, scratch, scratchBytes).fill(0xff);
  const scratchGuard = new Uint8Array(memory.buffer, scratch + scratchBytes, 64).fill(0x5a);
  const pointers: Record<string, number> = { A: byteOf(A), B: byteOf(B), bias: byteOf(bias), C: cAt, batch: c.batch, scratch };
  const args = gemmParams(g).map((p) => pointers[p] ?? byteOf(extra));
  fns[g.name]!(...args);
  const exact = new Float64Array(extra.length);
  exact.set(extra);
  let error = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = g.bias ? bias[j]! : 0;
      let scale = g.bias ? Math.abs(bias[j]!) : 0;
      for (let p = 0; p < K; p++) {
        const a = g.ta ? A[p * M + i]! : A[i * K + p]!;
        const b = g.tb ? B[j * K + p]! : B[p * N + j]!;
        sum += a * b;
        scale += Math.abs(a * b);
      }
      const want = reference(sum, i * N + j, j, exact);
      const got = Cg[guard + i * N + j]!;
      const err = Math.abs(got - want) / (scale + Math.abs(want) + 1e-30);
      error = Math.max(error, Number.isNaN(err) ? Infinity : err);
    }
  }
  let guards = scratchGuard.every((x) => x === 0x5a);
  for (let t = 0; t < guard; t++) guards &&= Cg[t] === 12345 && Cg[Cg.length - 1 - t] === 12345;
  return { error, guards };
}
