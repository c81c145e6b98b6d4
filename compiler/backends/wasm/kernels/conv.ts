// WebAssembly SIMD128 kernels of the 2-D convolution family (channels last, as compiler/ops/conv.ts and
// the JavaScript kernels backends/js/kernels/conv.ts): the description of one kernel, its params, and
// the WAT text of its function (conv-forward.ts, conv-grads.ts write the bodies).
import type { ConvDims } from "../../../ops/conv.ts";
import { convForward } from "./conv-forward.ts";
import { convInputGrad, convKernelGrad } from "./conv-grads.ts";
import { Simd } from "./simd.ts";
import { add, Body, get, i32, mul, set, type I32 } from "./wat.ts";

export type ConvOp = "conv2d" | "conv2d_input_grad" | "conv2d_kernel_grad";

export interface WasmConv {
  /** The wasm function's name, without "$". */
  name: string;
  /**
   * conv2d: C = y from A = x [N,H,W,C], B = k [KH,KW,C,F]; conv2d_input_grad: C = dx from A = g
   * [N,OH,OW,F], B = k; conv2d_kernel_grad: C = dk from A = x, B = g. N "n": the param $batch.
   */
  op: ConvOp;
  d: ConvDims;
  dtype: "f32" | "f64";
  /** conv2d only: the sums start from a vector of F (param $bias). */
  bias?: boolean;
  /** conv2d only: y = max(y, 0) before the store (vectorized, as Math.max(y, 0)). */
  relu?: boolean;
  /**
   * conv2d only: a per-element store, as WasmGemm's: WAT storing the scalar local `acc` for the
   * element index `at` of y and its filter `column` (i32 locals; names with "$").
   */
  store?: (acc: string, at: string, column: string) => string;
  hookLocals?: [string, string][];
  /** Names (without "$") of extra i32 params the store uses, after $batch. */
  extraParams?: string[];
  /** The register tile (for benchmarks and tests): pixels × vectors (conv2d), channels × vectors (∂k), pixels × channels (∂x). */
  tile?: [number, number];
}

/** The kernel's i32 params in order, without "$": A, B, [bias], C, batch, the extra params. */
export function convParams(c: WasmConv): string[] {
  return ["A", "B", ...(c.bias ? ["bias"] : []), "C", "batch", ...(c.extraParams ?? [])];
}

/** What the generators of one kernel share. */
export interface ConvKernel {
  c: WasmConv;
  d: ConvDims;
  s: Simd;
  f: Body;
  /** The batch: a constant or $batch. */
  N: I32;
}

/** `(func $name (param $A i32) … )`: pointers are byte addresses of dense arrays in memory 0; C overlaps nothing. */
export function convWat(c: WasmConv): string {
  if (c.op !== "conv2d" && (c.bias || c.relu || c.store)) throw new Error(`${c.name}: only conv2d takes an epilogue`);
  const k: ConvKernel = { c, d: c.d, s: new Simd(c.dtype), f: new Body(), N: c.d.N === "n" ? get("$batch") : c.d.N };
  for (const [name, type] of c.hookLocals ?? []) k.f.local(name, type);
  if (c.op === "conv2d") convForward(k);
  else if (c.op === "conv2d_input_grad") convInputGrad(k);
  else convKernelGrad(k);
  const d = c.d;
  const header = `(func $${c.name} ${convParams(c).map((p) => `(param $${p} i32)`).join(" ")}`;
  const [x, kernel, y] = [`x[${d.N},${d.H},${d.W},${d.C}]`, `k[${d.KH},${d.KW},${d.C},${d.F}]`, `y[${d.N},${d.OH},${d.OW},${d.F}]`];
  const what = c.op === "conv2d" ? `${y} = conv2d(${x}, ${kernel})` : c.op === "conv2d_input_grad" ? `∂${x} from ∂${y}, ${kernel}` : `∂${kernel} from ${x}, ∂${y}`;
  const doc = `  ;; ${what}, strides ${d.strides}, dilations ${d.dilations}, pads ${d.pads}; ${c.dtype}${c.bias ? ", bias" : ""}${c.relu ? ", relu" : ""}${c.store ? ", store hook" : ""}`;
  const locals = k.f.declarations();
  return [header, doc, ...(locals ? [`  ${locals}`] : []), ...k.f.lines, ")"].join("\n") + "\n";
}

/** Splits `total` into `count` chunks of at most `max`, as equal as may be: the chunk size. */
export function chunk(total: number, max: number): number {
  return Math.ceil(total / Math.ceil(total / max));
}

/**
 * `body(start, size)` over [0, total) in tiles of `size` (a loop on `v` when more than one) and one
 * smaller remainder; `start` constant or a local.
 */
export function tiles(f: Body, v: string, total: number, size: number, body: (start: I32, size: number) => void): void {
  const full = Math.floor(total / size);
  if (full === 1) body(0, size);
  if (full > 1) f.forLoop(v, 0, full * size, size, () => body(get(v), size));
  if (total % size) body(full * size, total % size);
}

/** `v += by` for an i32 local. */
export const bump = (v: string, by: I32): string => set(v, i32(add(get(v), by)));

/**
 * The output indices [lo, hi) whose tap at `tap`·`dil` (i32) lies inside an input of `size`:
 * i·s + tap·dil − before ∈ [0, size), clipped to [0, out); into the locals `lo`, `hi` (hi may be below lo).
 */
export function insideRange(f: Body, lo: string, hi: string, tap: I32, s: number, dil: number, before: number, size: number, out: number): void {
  const at = i32(mul(tap, dil));
  const t = f.local("$t");
  // lo = before − at > 0 ? ceil((before − at) / s) : 0
  f.emit(set(t, `(i32.sub (i32.const ${before}) ${at})`));
  f.emit(set(f.local(lo), `(select (i32.div_u (i32.add ${get(t)} (i32.const ${s - 1})) (i32.const ${s})) (i32.const 0) (i32.gt_s ${get(t)} (i32.const 0)))`));
  // hi = size − 1 + before − at < 0 ? 0 : min(out, (size − 1 + before − at) / s + 1)
  f.emit(set(t, `(i32.sub (i32.const ${size - 1 + before}) ${at})`));
  f.emit(set(t, `(select (i32.add (i32.div_u ${get(t)} (i32.const ${s})) (i32.const 1)) (i32.const 0) (i32.ge_s ${get(t)} (i32.const 0)))`));
  f.emit(set(f.local(hi), `(select (i32.const ${out}) ${get(t)} (i32.gt_s ${get(t)} (i32.const ${out})))`));
}
