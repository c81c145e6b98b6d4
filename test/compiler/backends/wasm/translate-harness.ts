// Runs one TypeScript snippet both ways — as JavaScript, and translated to WebAssembly by the wasm
// backend's translator — on the same inputs, and returns both outcomes for a bitwise comparison.
import { ts } from "ts-morph";
import { assembleWat } from "../../../../compiler/backends/wasm/assemble.ts";
import { mathImports, type Imports } from "../../../../compiler/backends/wasm/math.ts";
import { arrayKind, translateFunction, type ArrayRef, type FunctionSig, type Globals } from "../../../../compiler/backends/wasm/translate.ts";
import type { Scalar } from "../../../../compiler/backends/wasm/scalar.ts";

export type ArrayType = "Float32Array" | "Float64Array" | "Int32Array" | "Uint32Array";

/** A snippet: the body of `function kernel(batch: number)` over the named arrays (free names and `this.` fields). */
export interface Snippet {
  body: string;
  arrays: Record<string, { type: ArrayType; values: readonly number[] }>;
  batch?: number;
  /** Module-level functions the body calls (TypeScript source). */
  helpers?: string;
  /** The kernel's result: a double (`return x;`) or nothing. */
  result?: "f64" | "void";
  /** `this.randomState`, a uint32 field kept in memory. */
  randomState?: number;
}

export interface Outcome {
  arrays: Record<string, number[]>;
  result: number | undefined;
  randomState: number | undefined;
}

const CTORS = { Float32Array, Float64Array, Int32Array, Uint32Array };
const BYTES = { Float32Array: 4, Float64Array: 8, Int32Array: 4, Uint32Array: 4 };
const RANDOM_ADDRESS = 8;

function source(s: Snippet): string {
  const result = s.result === "f64" ? "number" : "void";
  return `${s.helpers ?? ""}\nfunction kernel(batch: number): ${result} {\n${s.body}\n}\n`;
}

/** The snippet run as JavaScript on fresh arrays (transpiled by TypeScript; `this` holds the arrays too). */
export function runJs(s: Snippet): Outcome {
  const names = Object.keys(s.arrays);
  const js = ts.transpileModule(source(s), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const factory = new Function(...names, `${js}\nreturn kernel;`) as (...a: unknown[]) => (this: Record<string, unknown>, batch: number) => number | undefined;
  const arrays = names.map((n) => new CTORS[s.arrays[n]!.type](s.arrays[n]!.values));
  const self: Record<string, unknown> = Object.fromEntries(names.map((n, i) => [n, arrays[i]]));
  if (s.randomState !== undefined) self.randomState = s.randomState;
  const result = factory(...arrays).call(self, s.batch ?? 1);
  return {
    arrays: Object.fromEntries(names.map((n, i) => [n, [...arrays[i]!]])),
    result: s.result === "f64" ? result : undefined,
    randomState: s.randomState === undefined ? undefined : (self.randomState as number),
  };
}

/** The parameters a helper takes, read as the wasm backend reads them (an array is a pointer; `batch` an integer). */
function helperParams(f: ts.FunctionDeclaration) {
  return f.parameters.map((p) => {
    const name = p.name.getText();
    const kind = arrayKind(p.type?.getText() ?? "");
    return kind ? { name, type: "array" as const, kind } : { name, type: (name === "batch" ? "i32" : "f64") as Scalar };
  });
}

/** The snippet as WebAssembly text: every array at a fixed address of one page of memory. */
export function translate(s: Snippet): { wat: string; addresses: Record<string, number> } {
  const file = ts.createSourceFile("snippet.ts", source(s), ts.ScriptTarget.ES2022, true);
  const decls = file.statements.filter((st): st is ts.FunctionDeclaration => ts.isFunctionDeclaration(st));
  const addresses: Record<string, number> = {};
  const arrays = new Map<string, ArrayRef>();
  let top = 16;
  for (const [name, a] of Object.entries(s.arrays)) {
    addresses[name] = top;
    arrays.set(name, { kind: arrayKind(a.type)!, address: top });
    top += Math.ceil((a.values.length * BYTES[a.type]) / 16) * 16 + 16;
  }
  const imports: Imports = new Map();
  const functions = new Map<string, FunctionSig>();
  const helpers = decls.filter((d) => d.name!.text !== "kernel");
  for (const h of helpers) functions.set(h.name!.text, { params: helperParams(h).map((p) => p.type), result: h.type?.getText() === "number" ? "f64" : "void" });
  const scalars = new Map(s.randomState === undefined ? [] : [["randomState", { address: RANDOM_ADDRESS, type: "u32" as const }]]);
  const globals: Globals = { arrays, scalars, functions, imports };
  const funcs = decls.map((d) => {
    const kernel = d.name!.text === "kernel";
    const params = kernel ? [{ name: "batch", type: "i32" as const }] : helperParams(d);
    const result = functions.get(d.name!.text)?.result ?? (s.result ?? "void");
    return translateFunction(ts, { name: d.name!.text, exportAs: kernel ? "kernel" : undefined, params, result, body: d.body! }, globals);
  });
  const wat = ["(module", ...mathImports(imports), `(memory (export "memory") 1)`, ...funcs, ")"].join("\n");
  return { wat, addresses };
}

/** The snippet translated, assembled and run on the same inputs copied into its memory. */
export async function runWasm(s: Snippet): Promise<Outcome> {
  const { wat, addresses } = translate(s);
  const binary = await assembleWat(wat);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(binary as Uint8Array<ArrayBuffer>), { Math: Math as unknown as WebAssembly.ModuleImports });
  const { memory, kernel } = instance.exports as { memory: WebAssembly.Memory; kernel: (batch: number) => number | undefined };
  const view = (name: string) => new CTORS[s.arrays[name]!.type](memory.buffer, addresses[name], s.arrays[name]!.values.length);
  for (const name of Object.keys(s.arrays)) view(name).set(s.arrays[name]!.values);
  const words = new Uint32Array(memory.buffer, RANDOM_ADDRESS, 1);
  if (s.randomState !== undefined) words[0] = s.randomState;
  const result = kernel(s.batch ?? 1);
  return {
    arrays: Object.fromEntries(Object.keys(s.arrays).map((n) => [n, [...view(n)]])),
    result: s.result === "f64" ? result : undefined,
    randomState: s.randomState === undefined ? undefined : words[0],
  };
}

/** Where two outcomes differ bitwise (Object.is: −0 ≠ +0, NaN = NaN), as readable lines; [] when equal. */
export function differences(js: Outcome, wasm: Outcome): string[] {
  const out: string[] = [];
  for (const [name, values] of Object.entries(js.arrays)) {
    values.forEach((v, i) => {
      const w = wasm.arrays[name]![i]!;
      if (!Object.is(v, w)) out.push(`${name}[${i}]: js ${fmt(v)}, wasm ${fmt(w)}`);
    });
  }
  if (!Object.is(js.result, wasm.result)) out.push(`result: js ${fmt(js.result)}, wasm ${fmt(wasm.result)}`);
  if (!Object.is(js.randomState, wasm.randomState)) out.push(`randomState: js ${js.randomState}, wasm ${wasm.randomState}`);
  return out;
}

const fmt = (v: number | undefined) => (Object.is(v, -0) ? "-0" : String(v));
