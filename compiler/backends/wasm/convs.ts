// The convolutions (and max poolings) of the WebAssembly target: each module-level such kernel of the JavaScript
// module (as the emitter reported it: op, shapes, attributes, epilogue; js/emit/conv-kernel.ts)
// becomes a SIMD kernel (kernels/conv.ts) behind a function of the JavaScript kernel's signature
// (A, B, e0…, C, batch). The epilogue as the products' (products.ts): a bias starts the sums, relu
// is a vector max, anything else is one element's JavaScript translated into a function per element.
import type { ts as TS } from "ts-morph";
import type { ConvKernelInfo } from "../js/emit/conv-kernel.ts";
import { convDims } from "../../ops/conv.ts";
import { poolDims } from "../../ops/pool.ts";
import { maxPoolWat } from "./kernels/pool.ts";
import { convParams, convWat, type WasmConv } from "./kernels/conv.ts";
import { elementFunction, elementText } from "./products.ts";
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
  const extra = (ep?.args ?? []).map((_, k) => `e${k}`);
  if (jsParams.join(",") !== ["A", "B", ...extra, "C", "batch"].join(",")) return undefined;
  const funcs: string[] = [];
  const plain = ep ? elementText(ep, "acc") : "acc";
  const relu = plain === "Math.max(acc, 0)";
  let store: WasmConv["store"];
  if (ep && !relu && plain !== "acc") {
    const epilogueName = `${name}_element`;
    funcs.push(elementFunction(ts, epilogueName, info, dtype, globals));
    const shift = dtype === "f32" ? 2 : 3;
    const toDouble = (acc: string) => (dtype === "f32" ? `(f64.promote_f32 (local.get ${acc}))` : `(local.get ${acc})`);
    store = (acc, at, column) => {
      const value = `(call $${epilogueName} ${toDouble(acc)} (local.get ${at}) (local.get ${column})${extra.map((e) => ` (local.get $${e})`).join("")})`;
      const address = `(i32.add (local.get $C) (i32.shl (local.get ${at}) (i32.const ${shift})))`;
      return dtype === "f32" ? `(f32.store ${address} (f32.demote_f64 ${value}))` : `(f64.store ${address} ${value})`;
    };
  }
  const c: WasmConv = { name: `${name}_simd`, op: info.op, d, dtype, bias: (ep?.biasInit ?? -1) >= 0, relu, ...(store ? { store } : {}), extraParams: extra };
  funcs.push(convWat(c));
  const args = convParams(c).map((p) => (p === "bias" ? `(local.get $e${ep!.biasInit})` : `(local.get $${p})`));
  funcs.push(
    [
      `;; ${name}: the SIMD kernel with the JavaScript kernel's parameters`,
      `(func $${name} ${jsParams.map((p) => `(param $${p} i32)`).join(" ")}`,
      `  (call $${c.name} ${args.join(" ")})`,
      ")",
    ].join("\n"),
  );
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
