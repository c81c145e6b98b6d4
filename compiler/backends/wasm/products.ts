// The matrix products of the WebAssembly target: each module-level product kernel of the JavaScript
// module (as the emitter reported it: shape, transposes, epilogue) becomes a SIMD kernel
// (kernels/gemm.ts) behind a function of the JavaScript kernel's own signature, so the translated
// compute methods call it unchanged. The epilogue: a bias starts the accumulators, relu is a vector
// max, anything else (an activation, its derivative, a sum of uses) is the JavaScript expression of
// one element translated into a function the kernel calls per element.
import type { ts as TS } from "ts-morph";
import type { GemmKernelInfo } from "../js/emit/blocks.ts";
import { gemmParams, gemmScratchBytes, gemmWat, type WasmGemm } from "./kernels/gemm.ts";
import { chooseWasmTile } from "./kernels/gemm-choice.ts";
import { translateFunction, type Globals } from "./translate.ts";

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
  const extra = (ep?.args ?? []).map((_, k) => `e${k}`);
  const funcs: string[] = [];
  const plain = ep ? elementText(ep, "acc") : "acc";
  const relu = plain === "Math.max(acc, 0)";
  let store: WasmGemm["store"];
  if (ep && !relu && plain !== "acc") {
    const epilogueName = `${name}_element`;
    funcs.push(elementFunction(ts, epilogueName, info, dtype, globals));
    const size = dtype === "f32" ? 4 : 8;
    const toDouble = (acc: string) => (dtype === "f32" ? `(f64.promote_f32 (local.get ${acc}))` : `(local.get ${acc})`);
    store = (acc, at, column) => {
      const value = `(call $${epilogueName} ${toDouble(acc)} (local.get ${at}) (local.get ${column})${extra.map((e) => ` (local.get $${e})`).join("")})`;
      const address = `(i32.add (local.get $C) (i32.shl (local.get ${at}) (i32.const ${Math.log2(size)})))`;
      return dtype === "f32" ? `(f32.store ${address} (f32.demote_f64 ${value}))` : `(f64.store ${address} ${value})`;
    };
  }
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
    bias: (ep?.biasInit ?? -1) >= 0,
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
  funcs.push(
    [
      `;; ${name}: the SIMD kernel with the JavaScript kernel's parameters`,
      `(func $${name} ${jsParams.map((p) => `(param $${p} i32)`).join(" ")}`,
      `  (call $${g.name} ${args.join(" ")})`,
      ")",
    ].join("\n"),
  );
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

/** The epilogue of one element as JavaScript: `acc` the accumulator, the arrays read at `at`, `column` or 0. */
export function elementText(ep: NonNullable<GemmKernelInfo["epilogue"]>, acc: string): string {
  let temps = 0;
  const load = (k: number) => {
    const role = ep.args[k];
    return role === "scalar" ? `e${k}[0]!` : role === "column" ? `e${k}[column]!` : `e${k}[at]!`;
  };
  const code = ep.element(acc, load, () => `v${temps++}`);
  if (code.temps.length === 0) return code.expr;
  return `(() => { ${code.temps.map((t) => `const ${t.name} = ${t.code};`).join(" ")} return ${code.expr}; })()`;
}

/** `(func $name (param $acc f64) (param $at i32) (param $column i32) (param $e0 i32)… (result f64))`: one element's epilogue. */
export function elementFunction(ts: typeof TS, name: string, info: Pick<GemmKernelInfo, "epilogue">, dtype: "f32" | "f64", globals: Globals): string {
  const ep = info.epilogue!;
  let temps = 0;
  const load = (k: number) => {
    const role = ep.args[k];
    return role === "scalar" ? `e${k}[0]!` : role === "column" ? `e${k}[column]!` : `e${k}[at]!`;
  };
  const code = ep.element("acc", load, () => `v${temps++}`);
  const typed = dtype === "f32" ? "Float32Array" : "Float64Array";
  const text = `function f() {\n${code.temps.map((t) => `const ${t.name} = ${t.code};`).join("\n")}\nreturn ${code.expr};\n}`;
  const file = ts.createSourceFile("epilogue.ts", text, ts.ScriptTarget.ES2022, true);
  const body = (file.statements[0] as TS.FunctionDeclaration).body!;
  const kind = dtype;
  return translateFunction(
    ts,
    {
      name,
      params: [
        { name: "acc", type: "f64" },
        { name: "at", type: "i32" },
        { name: "column", type: "i32" },
        ...ep.args.map((_, k) => ({ name: `e${k}`, type: "array" as const, kind })),
      ],
      result: "f64",
      body,
      comment: [`;; one element of the product's epilogue (${typed} arrays e0…)`],
    },
    globals,
  );
}
