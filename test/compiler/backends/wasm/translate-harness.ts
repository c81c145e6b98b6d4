// Runs one TypeScript snippet both ways — as JavaScript, and translated to WebAssembly by the wasm
// backend's translator — on the same inputs, and returns both outcomes for a bitwise comparison.
import { ts } from "ts-morph";
import { assembleWat } from "../../../../compiler/backends/wasm/assemble.ts";
import { mathFunctions, mathImports, type Imports } from "../../../../compiler/backends/wasm/math.ts";
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
  /** Number fields (`this.randomState`, `this.lr`, `this.stepCount`) kept in memory words: type and value. */
  fields?: Record<string, { type: FieldType; value: number }>;
}

export type FieldType = "u32" | "i32" | "f64";

export interface Outcome {
  arrays: Record<string, number[]>;
  result: number | undefined;
  fields: Record<string, number>;
}

const CTORS = { Float32Array, Float64Array, Int32Array, Uint32Array };
const BYTES = { Float32Array: 4, Float64Array: 8, Int32Array: 4, Uint32Array: 4 };
const FIELD_VIEWS = { u32: Uint32Array, i32: Int32Array, f64: Float64Array };

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
  const fields = Object.entries(s.fields ?? {});
  for (const [name, f] of fields) self[name] = f.value;
  const result = factory(...arrays).call(self, s.batch ?? 1);
  return {
    arrays: Object.fromEntries(names.map((n, i) => [n, [...arrays[i]!]])),
    result: s.result === "f64" ? result : undefined,
    fields: Object.fromEntries(fields.map(([name]) => [name, self[name] as number])),
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

/** The snippet as WebAssembly text: every field (8 bytes each) then every array at a fixed address of one page. */
export function translate(s: Snippet): { wat: string; addresses: Record<string, number> } {
  const file = ts.createSourceFile("snippet.ts", source(s), ts.ScriptTarget.ES2022, true);
  const decls = file.statements.filter((st): st is ts.FunctionDeclaration => ts.isFunctionDeclaration(st));
  const addresses: Record<string, number> = {};
  const arrays = new Map<string, ArrayRef>();
  const scalars = new Map<string, { address: number; type: FieldType }>();
  let top = 16;
  for (const [name, f] of Object.entries(s.fields ?? {})) {
    scalars.set(name, { address: top, type: f.type });
    addresses[name] = top;
    top += 8;
  }
  top = Math.ceil(top / 16) * 16;
  for (const [name, a] of Object.entries(s.arrays)) {
    addresses[name] = top;
    arrays.set(name, { kind: arrayKind(a.type)!, address: top });
    top += Math.ceil((a.values.length * BYTES[a.type]) / 16) * 16 + 16;
  }
  const imports: Imports = new Map();
  const functions = new Map<string, FunctionSig>();
  const helpers = decls.filter((d) => d.name!.text !== "kernel");
  for (const h of helpers) functions.set(h.name!.text, { params: helperParams(h).map((p) => p.type), result: h.type?.getText() === "number" ? "f64" : "void" });
  const globals: Globals = { arrays, scalars, functions, imports };
  const funcs = decls.map((d) => {
    const kernel = d.name!.text === "kernel";
    const params = kernel ? [{ name: "batch", type: "i32" as const }] : helperParams(d);
    const result = functions.get(d.name!.text)?.result ?? (s.result ?? "void");
    return translateFunction(ts, { name: d.name!.text, exportAs: kernel ? "kernel" : undefined, params, result, body: d.body! }, globals);
  });
  const wat = ["(module", ...mathImports(imports), `(memory (export "memory") 1)`, ...mathFunctions(imports), ...funcs, ")"].join("\n");
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
  const fields = Object.entries(s.fields ?? {});
  const word = (name: string, type: FieldType) => new FIELD_VIEWS[type](memory.buffer, addresses[name], 1);
  for (const [name, f] of fields) word(name, f.type)[0] = f.value;
  const result = kernel(s.batch ?? 1);
  return {
    arrays: Object.fromEntries(Object.keys(s.arrays).map((n) => [n, [...view(n)]])),
    result: s.result === "f64" ? result : undefined,
    fields: Object.fromEntries(fields.map(([name, f]) => [name, word(name, f.type)[0]!])),
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
  for (const [name, v] of Object.entries(js.fields)) if (!Object.is(v, wasm.fields[name])) out.push(`this.${name}: js ${fmt(v)}, wasm ${fmt(wasm.fields[name])}`);
  return out;
}

const fmt = (v: number | undefined) => (Object.is(v, -0) ? "-0" : String(v));
