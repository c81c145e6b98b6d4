// The epilogue of a SIMD kernel (a product's, a convolution's) and the wrapper giving the kernel the
// JavaScript kernel's signature: a bias starts the sums, relu is a vector max, anything else is the
// JavaScript expression of one element translated into a function the kernel calls per element.
import type { ts as TS } from "ts-morph";
import type { Epilogue } from "../js/emit/gemm.ts";
import type { ElementCode } from "../js/emit/expr.ts";
import { translateFunction, type Globals } from "./translate.ts";

/** How the SIMD kernel stores: the store hook's WAT for one scalar `acc` at element `at`, column `column`. */
export type StoreHook = (acc: string, at: string, column: string) => string;

export interface KernelEpilogue {
  /** Names (without "$") of the epilogue's arrays, the kernel's extra params e0, e1, …. */
  extra: string[];
  bias: boolean;
  relu: boolean;
  /** Absent for a plain store (with or without relu). */
  store?: StoreHook;
  /** The per-element function the store calls, when there is one. */
  funcs: string[];
}

/** One element's JavaScript: `acc` the accumulator, each array read at `at`, `column` or 0. */
function elementCode(ep: Epilogue): ElementCode {
  let temps = 0;
  const load = (k: number) => {
    const role = ep.args[k];
    return role === "scalar" ? `e${k}[0]!` : role === "column" ? `e${k}[column]!` : `e${k}[at]!`;
  };
  return ep.element("acc", load, () => `v${temps++}`);
}

/** The kernel `name`'s epilogue: vectorized when it is nothing, a bias or relu; else a translated function per element. */
export function kernelEpilogue(ts: typeof TS, name: string, ep: Epilogue | null, dtype: "f32" | "f64", globals: Globals): KernelEpilogue {
  const extra = (ep?.args ?? []).map((_, k) => `e${k}`);
  const code = ep ? elementCode(ep) : { temps: [], expr: "acc" };
  const simple = code.temps.length === 0;
  const relu = simple && code.expr === "Math.max(acc, 0)";
  const base = { extra, bias: (ep?.biasInit ?? -1) >= 0, relu, funcs: [] as string[] };
  if (!ep || relu || (simple && code.expr === "acc")) return base;
  const element = `${name}_element`;
  const toDouble = (acc: string) => (dtype === "f32" ? `(f64.promote_f32 (local.get ${acc}))` : `(local.get ${acc})`);
  const store: StoreHook = (acc, at, column) => {
    const value = `(call $${element} ${toDouble(acc)} (local.get ${at}) (local.get ${column})${extra.map((e) => ` (local.get $${e})`).join("")})`;
    const address = `(i32.add (local.get $C) (i32.shl (local.get ${at}) (i32.const ${dtype === "f32" ? 2 : 3})))`;
    return dtype === "f32" ? `(f32.store ${address} (f32.demote_f64 ${value}))` : `(f64.store ${address} ${value})`;
  };
  return { ...base, store, funcs: [elementFunction(ts, element, ep, code, dtype, globals)] };
}

/** `(func $name (param $acc f64) (param $at i32) (param $column i32) (param $e0 i32)… (result f64))`: one element's epilogue. */
function elementFunction(ts: typeof TS, name: string, ep: Epilogue, code: ElementCode, dtype: "f32" | "f64", globals: Globals): string {
  const text = `function f() {\n${code.temps.map((t) => `const ${t.name} = ${t.code};`).join("\n")}\nreturn ${code.expr};\n}`;
  const file = ts.createSourceFile("epilogue.ts", text, ts.ScriptTarget.ES2022, true);
  const body = (file.statements[0] as TS.FunctionDeclaration).body!;
  return translateFunction(
    ts,
    {
      name,
      params: [
        { name: "acc", type: "f64" },
        { name: "at", type: "i32" },
        { name: "column", type: "i32" },
        ...ep.args.map((_, k) => ({ name: `e${k}`, type: "array" as const, kind: dtype })),
      ],
      result: "f64",
      body,
      comment: [`;; one element of the product's epilogue (${dtype === "f32" ? "Float32Array" : "Float64Array"} arrays e0…)`],
    },
    globals,
  );
}

/** `$name` with the JavaScript kernel's parameters (all i32), calling the SIMD kernel `$callee` with `args`. */
export function wrapperFunction(name: string, jsParams: readonly string[], callee: string, args: readonly string[]): string {
  return [
    `;; ${name}: the SIMD kernel with the JavaScript kernel's parameters`,
    `(func $${name} ${jsParams.map((p) => `(param $${p} i32)`).join(" ")}`,
    `  (call $${callee} ${args.join(" ")})`,
    ")",
  ].join("\n");
}
