// The WebAssembly target: the JavaScript target's module, its hot methods moved into a WebAssembly
// binary it carries. The JavaScript module is read back (TypeScript's parser): its constructor's
// buffers become regions of one linear memory (memory.ts), its compute methods and the kernels they
// call are translated (translate.ts), and the class is rewritten to hold views of that memory and to
// call the instance's exports. Everything else (checks, save and load, the optimizer step, predict)
// is the JavaScript module's own code, unchanged, working on the views.
import type { ts as TS } from "ts-morph";
import { InternalError } from "../../errors.ts";
import { arrayKind, leadingComments, translateFunction, type FunctionSig, type Globals } from "./translate.ts";
import type { Scalar } from "./scalar.ts";
import { MemoryPlan, BYTES } from "./memory.ts";
import { mathFunctions, mathImports, type Imports } from "./math.ts";
import { assembleWat } from "./assemble.ts";
import { wasmRuntime } from "./runtime.ts";
import { simdProduct } from "./products.ts";
import { simdConv } from "./convs.ts";
import { isSimdProduct } from "./rules.ts";
import type { ModuleReport } from "../js/emit/module.ts";

/** An input of the model (or a target) as the JavaScript module names it, and its values per row. */
export interface WasmInput {
  variable: string;
  rowSize: number;
  typedArray: string;
}

export interface WasmModule {
  /** The TypeScript module (not yet formatted). */
  code: string;
  /** The WebAssembly text it carries, and the binary's size. */
  wat: string;
  bytes: number;
  /** One line per SIMD product: the kernel and its register tile (for `inspect --plan`). */
  tiles: string[];
  /** Whether `code` is laid out as prettier would (its edits fit the print width): no formatting needed. */
  canonical: boolean;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The JavaScript target's module `js` → the WebAssembly target's. */
export async function wasmModule(js: string, report: ModuleReport, maxBatch: number, dtype: "f32" | "f64"): Promise<WasmModule> {
  const inputs = report.inputs;
  const { ts } = await import("ts-morph");
  const file = ts.createSourceFile("model.ts", js, ts.ScriptTarget.ES2022, true);
  const model = file.statements.find((s): s is TS.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === "Model");
  const ctor = model?.members.find((m): m is TS.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  if (!model || !ctor?.body) throw new InternalError("wasm: the module has no Model constructor");
  const edits: Edit[] = [];
  const memory = new MemoryPlan();
  const inputOf = new Map(inputs.map((v) => [v.variable, v]));

  // ── the constructor's buffers and views → memory regions ──
  const buffers: { statement: TS.Statement; field: string; typedArray: string; length: number }[] = [];
  for (const s of ctor.body.statements) {
    const a = thisAssignment(ts, s);
    if (!a) continue;
    const { field, value } = a;
    if (ts.isNewExpression(value) && ts.isIdentifier(value.expression) && arrayKind(value.expression.text) && value.arguments?.length === 1 && ts.isNumericLiteral(value.arguments[0]!)) {
      const typedArray = value.expression.text;
      const input = inputOf.get(field);
      const length = input ? maxBatch * input.rowSize : Number((value.arguments[0] as TS.NumericLiteral).text);
      memory.add(input ? `#in_${field}` : field, arrayKind(typedArray)!, length);
      if (!input) buffers.push({ statement: s, field, typedArray, length });
    } else if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === "subarray") {
      const of = value.expression.expression;
      const start = value.arguments[0];
      if (!ts.isPropertyAccessExpression(of) || !start || !ts.isNumericLiteral(start)) continue;
      memory.view(field, of.name.text, Number(start.text));
    }
  }
  for (const v of inputs) memory.arrays.set(v.variable, memory.arrays.get(`#in_${v.variable}`)!);
  // Number fields the translated code reads or writes live in memory too, behind accessors.
  const numberFields = model.members.filter((m): m is TS.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.initializer !== undefined && m.name.getText() in NUMBER_FIELDS);
  const scalars = new Map<string, { address: number; type: "u32" | "f64" }>();
  for (const f of numberFields) {
    const name = f.name.getText();
    const type = NUMBER_FIELDS[name]!;
    scalars.set(name, { address: memory.add(`#${name}`, type, 1).address, type });
  }

  // ── module-level constant tables → data segments ──
  const functions = new Map<string, TS.FunctionDeclaration>();
  const data: string[] = [];
  const removable = new Map<string, TS.Statement>();
  for (const s of file.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) functions.set(s.name.text, s);
    const table = constantTable(ts, s);
    if (table) {
      const region = memory.add(table.name, table.kind, table.values.length);
      data.push(`(data (i32.const ${region.address}) "${bytesOf(table.kind, table.values)}")`);
      removable.set(table.name, s);
    }
  }

  // ── the compute methods and the module functions they call → WebAssembly functions ──
  const methods = model.members.filter((m): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && /^compute[A-Z]/.test(m.name.getText()) && !!m.body);
  const step = model.members.find((m): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === "step" && !!m.body);
  const called = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && functions.has(node.expression.text) && !called.has(node.expression.text)) {
      called.add(node.expression.text);
      visit(functions.get(node.expression.text)!);
    }
    node.forEachChild(visit);
  };
  for (const m of [...methods, ...(step ? [step] : [])]) visit(m);
  const sigs = new Map<string, FunctionSig>();
  const sources = [...called].map((name) => {
    const f = functions.get(name)!;
    const params = f.parameters.map((p) => paramOf(ts, p));
    sigs.set(name, { params: params.map((p) => p.type), result: resultOf(ts, f.type) });
    return { name, params, result: resultOf(ts, f.type), body: f.body!, comment: leadingComments(ts, f) };
  });
  const imports: Imports = new Map();
  const globals: Globals = { arrays: memory.arrays, scalars, functions: sigs, imports };
  // A product kernel becomes a SIMD kernel (products.ts); everything else is translated as written.
  const SCRATCH = "__scratch__";
  let scratchBytes = 0;
  const tiles: string[] = [];
  const funcs = sources.flatMap((s) => {
    const doc = docOf(ts, functions.get(s.name)!);
    // a convolution kernel becomes a SIMD kernel (convs.ts) when it can
    const conv = report.convs?.get(doc) && simdConv(ts, s.name, s.params.map((p) => p.name), report.convs.get(doc)!, dtype, globals);
    if (conv) {
      tiles.push(conv.tile);
      return [`;; ${s.comment.join(" ").replace(/^;; /, "")}`, ...conv.funcs];
    }
    const info = report.gemms.get(doc);
    if (!info || !isSimdProduct(info.op) || info.shape.N === "n") return [translateFunction(ts, s, globals)];
    const product = simdProduct(ts, s.name, s.params.map((p) => p.name), info, dtype, maxBatch, globals, SCRATCH);
    scratchBytes = Math.max(scratchBytes, product.scratch);
    tiles.push(product.tile);
    return [`;; ${s.comment.join(" ").replace(/^;; /, "")}`, ...product.funcs];
  });
  const scratch = scratchBytes > 0 ? memory.add("#scratch", "f32", Math.ceil(scratchBytes / 4)).address : 0;
  for (const m of methods) {
    const name = m.name.getText();
    const comment = [`;; Model.${name}(batch)`];
    funcs.push(translateFunction(ts, { name, exportAs: name, params: [{ name: "batch", type: "i32" }], result: "void", body: m.body!, comment }, globals));
  }
  // the optimizer's update: Model.step() (its fields lr, stepCount, skippedSteps in memory)
  if (step) funcs.push(translateFunction(ts, { name: "step", exportAs: "step", params: [], result: "void", body: step.body!, comment: [";; Model.step()"] }, globals));
  const wat = [
    "(module",
    ...mathImports(imports).map((l) => `  ${l}`),
    `  (memory (export "memory") ${memory.pages} ${memory.pages})`,
    ...data.map((l) => `  ${l}`),
    ...mathFunctions(imports).map((f) => f.replace(/^/gm, "  ")),
    ...funcs.map((f) => f.replaceAll(SCRATCH, String(scratch)).replace(/^/gm, "  ")),
    ")",
  ].join("\n");
  const binary = await assembleWat(wat);

  // ── the class rewritten around the instance ──
  const addressOf = (name: string) => memory.regions.find((r) => r.name === name)!;
  const first = ctor.body.statements[0];
  const inputViews = inputs.map((v) => {
    const r = addressOf(`#in_${v.variable}`);
    return `    this.#in_${v.variable} = new ${v.typedArray}(this.#wasm.memory.buffer, ${r.address}, ${r.length});`;
  });
  edits.push({
    start: first ? first.getStart() : ctor.body.getStart() + 1,
    end: first ? first.getStart() : ctor.body.getStart() + 1,
    text: [
      "this.#wasm = wasmKernels();",
      ...inputViews.map((l) => l.trim()),
      ...numberFields.map((f) => {
        const name = f.name.getText();
        const typed = NUMBER_FIELDS[name] === "u32" ? "Uint32Array" : "Float64Array";
        return `this.#${name} = new ${typed}(this.#wasm.memory.buffer, ${addressOf(`#${name}`).address}, 1);`;
      }),
      ...numberFields.map((f) => `this.${f.name.getText()} = ${f.initializer!.getText()};`),
      "",
    ].join("\n    "),
  });
  for (const b of buffers) {
    const r = addressOf(b.field);
    edits.push({ start: b.statement.getStart(), end: b.statement.getEnd(), text: `this.${b.field} = new ${b.typedArray}(this.#wasm.memory.buffer, ${r.address}, ${b.length});` });
  }
  const fields = [
    "  /** The WebAssembly instance: its exports run the compute methods; every buffer is a view of its memory. */",
    "  readonly #wasm: WasmKernels;",
    ...inputs.map((v) => `  readonly #in_${v.variable}: ${v.typedArray};`),
    ...numberFields.map((f) => `  readonly #${f.name.getText()}: ${NUMBER_FIELDS[f.name.getText()] === "u32" ? "Uint32Array" : "Float64Array"};`),
  ];
  const open = model.members.pos;
  edits.push({ start: open, end: open, text: `\n${fields.join("\n")}` });
  for (const f of numberFields) {
    const name = f.name.getText();
    edits.push({ start: f.getStart(), end: f.getEnd(), text: `get ${name}(): number {\n    return this.#${name}[0]!;\n  }\n  set ${name}(value: number) {\n    this.#${name}[0] = value;\n  }` });
  }
  if (step) edits.push({ start: step.body!.getStart(), end: step.body!.getEnd(), text: "{\n    this.#wasm.step();\n  }" });
  // Inputs are copied into memory by the first method of a call that reads them: a forward method;
  // the loss (evaluation) the targets its forward did not read; the gradients whatever neither read.
  const reads = new Map(methods.map((m) => [m.name.getText(), inputs.filter((v) => mentions(m.body!.getText(), `this.${v.variable}`))]));
  const forwardReads = ["computeForward", "computeTrainingForward"].filter((n) => reads.has(n)).map((n) => new Set(reads.get(n)!));
  const alwaysCopied = (v: WasmInput) => forwardReads.length > 0 && forwardReads.every((r) => r.has(v));
  for (const m of methods) {
    const name = m.name.getText();
    const skip = (v: WasmInput) =>
      name.endsWith("Forward") ? false : alwaysCopied(v) || (name === "computeGradients" && (reads.get("computeLoss") ?? []).includes(v));
    const copies = reads.get(name)!.filter((v) => !skip(v)).map((v) => `copyIntoMemory(this.#in_${v.variable}, this.${v.variable}, batch * ${v.rowSize});`);
    edits.push({ start: m.body!.getStart(), end: m.body!.getEnd(), text: `{\n${[...copies, `this.#wasm.${name}(batch);`].map((l) => `    ${l}`).join("\n")}\n  }` });
  }
  // the kernels and tables now in the binary leave the JavaScript module
  for (const name of called) removable.set(name, functions.get(name)!);
  const rest = stripped(js, [...removable.values(), ...methods.map((m) => m.body!)]);
  for (const [name, s] of removable) {
    if (mentions(rest, name)) continue;
    edits.push({ start: s.getFullStart(), end: s.getEnd(), text: "" });
  }
  edits.push({ start: model.getFullStart(), end: model.getFullStart(), text: `\n\n${wasmRuntime(binary, mathImports(imports).length > 0, methods.map((m) => m.name.getText()), step !== undefined)}` });
  const code = applyEdits(js, edits);
  // (the one line wider than prettier's 100 columns it leaves alone: the binary's string)
  const canonical = code.split("\n").every((line) => line.length <= 100 || /^ {2}"[A-Za-z0-9+/=]*";$/.test(line));
  return { code, wat, bytes: binary.length, tiles, canonical };
}

/** The Model's number fields kept in memory (when the class has them), with their types. */
const NUMBER_FIELDS: Record<string, "u32" | "f64"> = { randomState: "u32", lr: "f64", stepCount: "f64", skippedSteps: "f64" };

/** Whether `text` names `name` (an identifier or `this.field`; `$` is part of a name). */
function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[$.]/g, (c) => `\\${c}`);
  return new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`).test(text);
}

/** The text of a function's doc comment (`/** … *\/`), as the JavaScript emitter wrote it. */
function docOf(ts: typeof TS, f: TS.FunctionDeclaration): string {
  const text = f.getSourceFile().text;
  const doc = (ts.getLeadingCommentRanges(text, f.getFullStart()) ?? []).find((r) => text.startsWith("/**", r.pos));
  return doc ? text.slice(doc.pos + 3, doc.end - 2).trim() : "";
}

/** `this.field = value;` */
function thisAssignment(ts: typeof TS, s: TS.Statement): { field: string; value: TS.Expression } | undefined {
  if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression) || s.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = s.expression.left;
  if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  return { field: left.name.text, value: s.expression.right };
}

/** `const NAME = new Float32Array([...]);` at module level: its name, element kind and values. */
function constantTable(ts: typeof TS, s: TS.Statement) {
  if (!ts.isVariableStatement(s) || s.declarationList.declarations.length !== 1) return undefined;
  const d = s.declarationList.declarations[0]!;
  const init = d.initializer;
  if (!ts.isIdentifier(d.name) || !init || !ts.isNewExpression(init) || !ts.isIdentifier(init.expression)) return undefined;
  const kind = arrayKind(init.expression.text);
  const list = init.arguments?.[0];
  if (!kind || !list || !ts.isArrayLiteralExpression(list)) return undefined;
  return { name: d.name.text, kind, values: list.elements.map((e) => Number(e.getText())) };
}

function paramOf(ts: typeof TS, p: TS.ParameterDeclaration): { name: string; type: "array" | Scalar; kind?: ReturnType<typeof arrayKind> } {
  const name = p.name.getText();
  const type = p.type?.getText() ?? "";
  const kind = arrayKind(type);
  if (kind) return { name, type: "array", kind };
  if (type !== "number") throw new InternalError(`wasm: parameter ${name}: ${type}`);
  // the batch (and row counts) are integers; any other number a kernel helper takes is a value
  return { name, type: name === "batch" ? "i32" : "f64" };
}

function resultOf(ts: typeof TS, type: TS.TypeNode | undefined): Scalar | "void" {
  const text = type?.getText();
  if (text === "void") return "void";
  if (text === "number") return "f64";
  throw new InternalError(`wasm: a kernel returning ${text}`);
}

/** The element values as a data segment's bytes (little-endian, escaped). */
function bytesOf(kind: keyof typeof BYTES, values: readonly number[]): string {
  const buffer = new ArrayBuffer(values.length * BYTES[kind]);
  const view = new DataView(buffer);
  values.forEach((v, i) => {
    if (kind === "f32") view.setFloat32(i * 4, v, true);
    else if (kind === "f64") view.setFloat64(i * 8, v, true);
    else view.setInt32(i * 4, v, true);
  });
  return [...new Uint8Array(buffer)].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
}

/** The text without the given nodes (to see what else names something). */
function stripped(text: string, nodes: readonly TS.Node[]): string {
  return applyEdits(text, nodes.map((n) => ({ start: n.getFullStart(), end: n.getEnd(), text: "" })));
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
