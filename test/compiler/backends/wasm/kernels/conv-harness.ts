// Runs generated SIMD convolution kernels: assembles convWat functions into one module with wabt, lays
// the operands, bias, output (between guards) and an extra array out in its memory, and compares
// with a float64 convolution computed here.
import { convParams, convWat, type WasmConv } from "../../../../../compiler/backends/wasm/kernels/conv.ts";

export interface ConvCase {
  c: WasmConv;
  batch: number;
}

type Wabt = Awaited<ReturnType<typeof import("wabt")>>;
let wabtPromise: Promise<Wabt> | undefined;
const loadWabt = () => (wabtPromise ??= import("wabt").then((w) => w.default()));

export async function instantiate(cs: WasmConv[], pages: number): Promise<{ memory: WebAssembly.Memory; fns: Record<string, Function> }> {
  const wabt = await loadWabt();
  const text = `(module (memory (export "memory") ${pages})\n${cs.map(convWat).join("\n")}\n${cs.map((c) => `(export "${c.name}" (func $${c.name}))`).join("\n")})`;
  const m = wabt.parseWat("conv.wat", text, { simd: true });
  m.resolveNames();
  m.validate();
  const { buffer } = m.toBinary({});
  m.destroy();
  const { instance } = await WebAssembly.instantiate(new Uint8Array(buffer));
  return { memory: instance.exports.memory as WebAssembly.Memory, fns: instance.exports as Record<string, Function> };
}

/** Element counts of x, k, y at the case's batch. */
export function sizes(k: ConvCase) {
  const d = k.c.d;
  const n = d.N === "n" ? k.batch : d.N;
  return { n, x: n * d.H * d.W * d.C, k: d.KH * d.KW * d.C * d.F, y: n * d.OH * d.OW * d.F };
}

export function bytesNeeded(k: ConvCase): number {
  const z = sizes(k);
  return (k.c.dtype === "f32" ? 4 : 8) * (3 * (z.x + z.k + z.y) + k.c.d.F + 200) + 1024;
}

let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;

/**
 * The float64 sums and their scales (Σ|terms|) of the op, element by element, from the operands
 * (as float64) and bias: calls `term(out, a, b)` for each product added to out (a, b indices into A, B).
 */
function eachTerm(k: ConvCase, term: (out: number, a: number, b: number) => void): void {
  const d = k.c.d;
  const { n } = sizes(k);
  const [sh, sw] = d.strides;
  const [dh, dw] = d.dilations;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < d.OH; i++)
      for (let j = 0; j < d.OW; j++)
        for (let p = 0; p < d.KH; p++)
          for (let q = 0; q < d.KW; q++) {
            const h = i * sh + p * dh - d.pads[0];
            const w = j * sw + q * dw - d.pads[2];
            if (h < 0 || h >= d.H || w < 0 || w >= d.W) continue;
            for (let c = 0; c < d.C; c++)
              for (let f = 0; f < d.F; f++) {
                const x = ((b * d.H + h) * d.W + w) * d.C + c;
                const kk = ((p * d.KW + q) * d.C + c) * d.F + f;
                const y = ((b * d.OH + i) * d.OW + j) * d.F + f;
                if (k.c.op === "conv2d") term(y, x, kk);
                else if (k.c.op === "conv2d_input_grad") term(x, y, kk);
                else term(kk, x, y);
              }
          }
}

/**
 * Runs one case: the largest error of the output relative to Σ|terms| + |bias| + |expected| per
 * element, and whether the guards around the output held. `reference(acc, at, column, extra)` gives
 * the stored value from the exact sum.
 */
export function check(k: ConvCase, fns: Record<string, Function>, memory: WebAssembly.Memory, reference: (acc: number, at: number, column: number, extra: Float64Array) => number): { error: number; guards: boolean } {
  const c = k.c;
  const z = sizes(k);
  const Arr = c.dtype === "f32" ? Float32Array : Float64Array;
  const e = Arr.BYTES_PER_ELEMENT;
  const guard = 8;
  let at = 64;
  const place = (length: number) => {
    const view = new Arr(memory.buffer, at, length);
    at += (length + guard) * e;
    return view;
  };
  const [aLen, bLen, cLen] = c.op === "conv2d" ? [z.x, z.k, z.y] : c.op === "conv2d_input_grad" ? [z.y, z.k, z.x] : [z.x, z.y, z.k];
  const A = place(aLen);
  const B = place(bLen);
  const bias = place(c.d.F);
  const Cg = place(cLen + 2 * guard);
  const extra = place(cLen);
  for (const arr of [A, B, bias, extra]) for (let t = 0; t < arr.length; t++) arr[t] = random();
  Cg.fill(12345);
  const pointers: Record<string, number> = { A: A.byteOffset, B: B.byteOffset, bias: bias.byteOffset, C: Cg.byteOffset + guard * e, batch: k.batch };
  fns[c.name]!(...convParams(c).map((p) => pointers[p] ?? extra.byteOffset));
  const sums = new Float64Array(cLen);
  const scales = new Float64Array(cLen);
  if (c.bias) for (let y = 0; y < cLen; y++) (sums[y] = bias[y % c.d.F]!), (scales[y] = Math.abs(bias[y % c.d.F]!));
  eachTerm(k, (out, a, b) => {
    const v = A[a]! * B[b]!;
    sums[out]! += v;
    scales[out]! += Math.abs(v);
  });
  const exact = Float64Array.from(extra);
  let error = 0;
  for (let y = 0; y < cLen; y++) {
    const want = reference(sums[y]!, y, y % c.d.F, exact);
    const got = Cg[guard + y]!;
    const err = Math.abs(got - want) / (scales[y]! + Math.abs(want) + 1e-30);
    error = Math.max(error, Number.isNaN(err) ? Infinity : err);
  }
  let guards = true;
  for (let t = 0; t < guard; t++) guards &&= Cg[t] === 12345 && Cg[Cg.length - 1 - t] === 12345;
  return { error, guards };
}
