// `tapeless inspect <spec> [--ir] [--grad] [--plan] [--code] [--wat] [--dot] [--json]`: prints the
// compiler's intermediate results. One section prints bare; several print in that order, each
// under a header line. --json prints everything as one JSON document, for other tools.
import { COMPILER_VERSION } from "../../compiler/version.ts";
import type { CompileResult } from "../index.ts";
import { compileFile, sourcePath, type CompileOverrides } from "./compile-file.ts";
import type { LoadOptions } from "./load-spec.ts";
import { printableText, type Ui } from "./ui.ts";
import { TapelessError } from "../../compiler/errors.ts";

export interface InspectOptions extends CompileOverrides, LoadOptions {
  ir?: boolean;
  grad?: boolean;
  plan?: boolean;
  code?: boolean;
  /** The WebAssembly text (compiles for the wasm target). */
  wat?: boolean;
  dot?: boolean;
  json?: boolean;
  /** The inspector page: a file name, true for `<name>.inspect.html`, "-" for stdout. */
  html?: string | true;
  /** With --html: add the finite-difference gradient check to the page. */
  check?: boolean;
}

/** A model with modes (batch norm, dropout) has two forward graphs: the training one, then the inference one. */
function withModes(training: string, inference: string | undefined): string {
  if (inference === undefined) return training;
  return `# training mode (loss, backward, trainStep)\n${training.trimEnd()}\n\n# inference mode (forward, predict, evaluate)\n${inference}`;
}

const SECTIONS = [
  { flag: "ir", title: "forward IR", text: (r: CompileResult) => withModes(r.ir, r.inferenceIr) },
  { flag: "grad", title: "gradient IR", text: (r: CompileResult) => r.gradIr },
  { flag: "plan", title: "memory plan", text: (r: CompileResult) => withModes(r.plan, r.inferencePlan) + (r.simdTiles ? `\n${r.simdTiles}` : "") },
  { flag: "code", title: "generated code", text: (r: CompileResult) => r.code },
  { flag: "wat", title: "WebAssembly text", text: (r: CompileResult) => r.wat ?? "" },
  { flag: "dot", title: "graph (DOT)", text: (r: CompileResult) => r.dot },
] as const;

export async function runInspect(spec: string, options: InspectOptions, ui: Ui): Promise<number> {
  if (options.html !== undefined)
    return (await import("./inspect-html.ts")).runInspectHtml(spec, { ...options, html: options.html }, ui);
  if (options.check) throw new TapelessError("--check needs --html (it adds the gradient check to the page)");
  if (options.wat && options.target === "js") {
    throw new TapelessError("--wat prints the wasm target's WebAssembly text: drop --target js (or use --target wasm)");
  }
  const result = await compileFile(spec, options.wat ? { ...options, target: "wasm" } : options);
  if (options.json) ui.out(JSON.stringify(inspectDocument(spec, result), null, 2));
  else ui.out(printableText(renderSections(result, options)));
  return 0;
}

export function renderSections(result: CompileResult, options: InspectOptions): string {
  const chosen = SECTIONS.filter((s) => options[s.flag]);
  const sections = chosen.length > 0 ? chosen : [SECTIONS[0]];
  if (sections.length === 1) return sections[0].text(result).trimEnd();
  return sections
    .map((s) => `==== ${s.title}: ${result.name} ====\n\n${s.text(result).trimEnd()}`)
    .join("\n\n");
}

/** Everything `compile()` returns, as one JSON-ready object (keys in a fixed order). */
export function inspectDocument(spec: string, r: CompileResult) {
  return {
    tapeless: COMPILER_VERSION,
    source: sourcePath(spec),
    name: r.name,
    fileName: r.fileName,
    stats: r.stats,
    diagnostics: r.diagnostics,
    layout: r.layout,
    memory: r.memory,
    ir: r.ir,
    gradIr: r.gradIr,
    plan: r.plan,
    ...(r.inferenceIr !== undefined ? { inferenceIr: r.inferenceIr, inferencePlan: r.inferencePlan } : {}),
    dot: r.dot,
    code: r.code,
    target: r.target,
    ...(r.wat !== undefined ? { wat: r.wat } : {}),
  };
}
