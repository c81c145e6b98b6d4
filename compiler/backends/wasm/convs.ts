// The convolutions (and max poolings) of the WebAssembly target: each module-level such kernel of the JavaScript
// module (as the emitter reported it: op, shapes, attributes, epilogue; js/emit/conv-kernel.ts)
// becomes a SIMD kernel (kernels/conv.ts) behind a function of the JavaScript kernel's signature
// (A, B, e0…, C, batch). The epilogue as the products' (epilogue.ts): a bias starts the sums, relu
// is a vector max, anything else is one element's JavaScript translated into a function per element.
import type { ts as TS } from "ts-morph";
import type { ConvKernelInfo } from "../js/emit/conv-kernel.ts";
import { convDims } from "../../ops/conv.ts";
import { poolDims } from "../../ops/pool.ts";
import { maxPoolWat } from "./kernels/pool.ts";
import { convParams, convWat, type WasmConv } from "./kernels/conv.ts";
import { kernelEpilogue, wrapperFunction } from "./epilogue.ts";
import type { Globals } from "./translate.ts";
import { isSimdWindow } from "./rules.ts";

export interface Conv {
  /** The WebAssembly functions: its epilogue's, the SIMD kernel, the wrapper named as the JavaScript kernel. */
  funcs: string[];
  /** One line for `inspect --plan`. */
  tile: string;
}

/** The JavaScript kernel `name` (params as declared) → the SIMD convolution, or undefined (then it is translated). */
export function simdConv(ts: typeof TS, name: string, jsParams: readonly string[], info: ConvKernelInfo, dtype: "f32" | "f64", globals: Globals): Conv | undefined {
  if (!isSimdWindow(info.op)) return undefined;
  if (info.op === "max_pool2d") return maxPool(name, jsParams, info, dtype);
  const [a, b] = info.inShapes as [TS_Shape, TS_Shape];
  const d =
    info.op === "conv2d" ? convDims(a, b, info.attrs) : info.op === "conv2d_input_grad" ? convDims(info.outShape, b, info.attrs) : convDims(a, info.outShape, info.attrs);
  const ep = info.epilogue;
  if (ep && info.op !== "conv2d") return undefined;
  const params = ["A", "B", ...(ep?.args ?? []).map((_, k) => `e${k}`), "C", "batch"];
  if (jsParams.join(",") !== params.join(",")) return undefined;
  // (after the check: translating the epilogue records the Math functions it calls)
  const { extra, bias, relu, store, funcs } = kernelEpilogue(ts, name, ep, dtype, globals);
  const c: WasmConv = { name: `${name}_simd`, op: info.op, d, dtype, bias, relu, ...(store ? { store } : {}), extraParams: extra };
  funcs.push(convWat(c));
  const args = convParams(c).map((p) => (p === "bias" ? `(local.get $e${ep!.biasInit})` : `(local.get $${p})`));
  funcs.push(wrapperFunction(name, jsParams, c.name, args));
  const epText = c.bias ? " + bias" : "";
  return { funcs, tile: `${name}: ${info.op} ${d.H}×${d.W}×${d.C} by ${d.KH}×${d.KW}→${d.F}${epText}${relu ? ", relu" : store ? ", epilogue per element" : ""}; SIMD along the filters` };
}

type TS_Shape = ConvKernelInfo["outShape"];

/** max_pool2d: the SIMD kernel has the JavaScript kernel's parameters (A, C, batch). */
function maxPool(name: string, jsParams: readonly string[], info: ConvKernelInfo, dtype: "f32" | "f64"): Conv | undefined {
  if (info.epilogue || jsParams.join(",") !== "A,C,batch") return undefined;
  const d = poolDims(info.inShapes[0]!, info.attrs);
  return { funcs: [maxPoolWat({ name, d, dtype })], tile: `${name}: max_pool2d ${d.H}×${d.W}×${d.C}, windows ${d.window.join("×")}; SIMD along the channels` };
}
