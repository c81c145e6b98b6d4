// The matrix products of the WebAssembly target: each module-level product kernel of the JavaScript
// module (as the emitter reported it: shape, transposes, epilogue) becomes a SIMD kernel
// (kernels/gemm.ts) behind a function of the JavaScript kernel's own signature, so the translated
// compute methods call it unchanged; its epilogue as epilogue.ts makes it (a bias, relu, or one
// element's JavaScript translated).
import type { ts as TS } from "ts-morph";
import type { GemmKernelInfo } from "../js/emit/blocks.ts";
import { gemmParams, gemmScratchBytes, gemmWat, type WasmGemm } from "./kernels/gemm.ts";
import { chooseWasmTile } from "./kernels/gemm-choice.ts";
import type { Globals } from "./translate.ts";
import { kernelEpilogue, wrapperFunction } from "./epilogue.ts";

export interface Product {
  /** The WebAssembly functions: the SIMD kernel, its epilogue's, the wrapper named as the JavaScript kernel. */
  funcs: string[];
  /** Bytes of scratch memory its packed panels need. */
  scratch: number;
  /** One line for `inspect --plan`: the kernel and its tile. */
  tile: string;
}

/** The JavaScript kernel `name` (its parameters as declared) → the SIMD product. `scratchAddress`: the shared scratch region's address (text). */
export function simdProduct(
  ts: typeof TS,
  name: string,
  jsParams: readonly string[],
  info: GemmKernelInfo,
  dtype: "f32" | "f64",
  maxBatch: number,
  globals: Globals,
  scratchAddress: string,
): Product {
  const { shape, epilogue: ep } = info;
  const dim = (d: number | "n") => (d === "n" ? ("batch" as const) : d);
  const { extra, bias, relu, store, funcs } = kernelEpilogue(ts, name, ep, dtype, globals);
  // (the JavaScript kernel's batch argument is already batch × nScale)
  const g: WasmGemm = {
    name: `${name}_simd`,
    M: dim(shape.M),
    N: shape.N as number,
    K: dim(shape.K),
    nScale: 1,
    ta: shape.ta,
    tb: shape.tb,
    dtype,
    bias,
    relu,
    ...(store ? { store } : {}),
    extraParams: extra,
  };
  if (shape.N === "n") throw new Error(`${name}: a product whose columns are the batch stays scalar`);
  funcs.push(gemmWat(g));
  // The wrapper: the JavaScript kernel's parameters (A, B, e0…, C[, batch]) → the SIMD kernel's.
  const local = (p: string) => `(local.get $${p})`;
  const args = gemmParams(g).map((p) => {
    if (p === "bias") return local(`e${ep!.biasInit}`);
    if (p === "batch") return jsParams.includes("batch") ? local("batch") : "(i32.const 0)";
    if (p === "scratch") return `(i32.const ${scratchAddress})`;
    return local(p);
  });
  funcs.push(wrapperFunction(name, jsParams, g.name, args));
  const tile = chooseWasmTile(g);
  const sym = (d: number | "n") => (d === "n" ? "n" : String(d));
  const what = `${sym(shape.M)}×${sym(shape.K)}×${sym(shape.N)}${shape.ta ? " Aᵀ" : ""}${shape.tb ? " Bᵀ" : ""}`;
  const lanes = dtype === "f32" ? 4 : 2;
  const tileText =
    tile.mode === "k"
      ? `${tile.rows} rows × ${tile.cols} columns, vectors along the shared dimension`
      : `${tile.rows} rows × ${tile.cols * lanes} columns (${tile.cols} ${dtype}x${lanes} vectors)${tile.pack ? ", B's panels packed" : ""}${tile.kBlock ? `, K in blocks of ≤ ${tile.kBlock}` : ""}`;
  const epText = relu ? ", relu" : store ? ", epilogue per element" : "";
  return { funcs, scratch: gemmScratchBytes(g, maxBatch * info.nScale), tile: `${name}: ${what}${g.bias ? " + bias" : ""}${epText}; ${tileText}` };
}
