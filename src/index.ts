// Public API of tapeless: spec builders and types, and compile(), the whole pipeline from a
// spec (plain data) to the generated module's source. No I/O happens here.
import { compileSpec } from "../compiler/index.ts";
import { renderDot } from "../compiler/ir/dot.ts";
import { validateSpec } from "./spec/validate.ts";
import { specDiagnostics } from "./spec/diagnostics.ts";
import { memoryReport, type MemoryReport } from "./memory-report.ts";
import type { DType, Target } from "./spec/types.ts";
import type { ModuleLayout as Layout } from "../compiler/backends/js/emit/layout.ts";
import { EMIT_KINDS, emitTarget, type EmitKind, type OutputFile } from "../compiler/backends/js/emit/targets.ts";
import { TapelessError } from "../compiler/errors.ts";

export type { Layout, MemoryReport, EmitKind, OutputFile };
export { EMIT_KINDS };
export { loadModel, type LoadModelOptions, type ModelInstance, type CompiledModelModule } from "./load-model.ts";

export * from "./spec/types.ts";
export * from "./spec/builders.ts";
export { validateSpec } from "./spec/validate.ts";
export { TapelessError, SpecError, ShapeError, FileError, isUserError } from "../compiler/errors.ts";
export { COMPILER_VERSION } from "../compiler/version.ts";

export interface CompileOptions {
  /** Overrides the spec's dtype. */
  dtype?: DType;
  /** Overrides the spec's maxBatch. */
  maxBatch?: number;
  /** Overrides the spec's target: "js" (TypeScript loops) or "wasm" (a WebAssembly SIMD binary in the module). */
  target?: Target;
  /** Spec file path as the user gave it (relative), named in the generated header. */
  source?: string;
  /**
   * What `files` holds: "ts" (default) the TypeScript module; "js" an ES module `<name>.js` and
   * its declarations `<name>.d.ts`; "cjs" a CommonJS module `<name>.cjs` and `<name>.d.cts`.
   */
  emit?: EmitKind;
}

export interface CompileResult {
  /** The model name, as in the spec. */
  name: string;
  /** File name for the module: `<name>.ts`, with anything unsafe in a file name replaced. */
  fileName: string;
  /** The generated TypeScript module, laid out as prettier prints it. */
  code: string;
  /** The backend it was compiled for. */
  target: Target;
  /** The WebAssembly target's text format: the binary the module carries, with the loops' comments. */
  wat?: string;
  /** The WebAssembly target: each SIMD matrix product and the register tile chosen for it. */
  simdTiles?: string;
  /** The files to write for `options.emit`, the runnable module first (for "ts": `fileName`, `code`). */
  files: OutputFile[];
  /** Forward IR (forward pass and loss). */
  ir: string;
  /** The IR after autodiff and optimization: forward, loss and gradients. */
  gradIr: string;
  /** The memory plan as text. */
  plan: string;
  /** With modes (batch norm, dropout): the IR and the memory plan of the inference graph (forward, predict, evaluate). */
  inferenceIr?: string;
  inferencePlan?: string;
  /** Same data as the generated module's `layout`. */
  layout: Layout;
  stats: { paramCount: number; arenaBytes: number; naiveArenaBytes: number };
  /** Warnings about a valid spec (unused nodes or inputs, stacked linear layers); often empty. */
  diagnostics: string[];
  /** Graphviz DOT of the optimized forward + backward graph. */
  dot: string;
  /** The memory plan as data: every arena buffer with its offset, length and lifetime. */
  memory: MemoryReport;
}

/** Validates `spec` (throws SpecError naming the field) and compiles it. */
export async function compile(spec: unknown, options: CompileOptions = {}): Promise<CompileResult> {
  const emit = options.emit ?? "ts";
  if (!EMIT_KINDS.includes(emit)) {
    throw new TapelessError(`emit: expected one of ${EMIT_KINDS.join(", ")}, got ${JSON.stringify(emit)}`);
  }
  const normalized = validateSpec(spec, { dtype: options.dtype, maxBatch: options.maxBatch, target: options.target });
  const compiled = await compileSpec(normalized, options.source);
  const fileName = moduleFileName(normalized.name);
  return {
    name: normalized.name,
    fileName,
    code: compiled.code,
    target: compiled.target,
    ...(compiled.wat !== undefined ? { wat: compiled.wat } : {}),
    ...(compiled.simdTiles !== undefined ? { simdTiles: compiled.simdTiles } : {}),
    files: await emitTarget(compiled.code, fileName.slice(0, -".ts".length), emit),
    ir: compiled.ir,
    gradIr: compiled.gradIr,
    plan: compiled.plan,
    ...(compiled.inferenceIr !== undefined ? { inferenceIr: compiled.inferenceIr, inferencePlan: compiled.inferencePlan } : {}),
    layout: compiled.layout,
    stats: {
      paramCount: compiled.layout.paramCount,
      arenaBytes: compiled.stats.arenaBytes,
      naiveArenaBytes: compiled.stats.naiveArenaBytes,
    },
    diagnostics: specDiagnostics(normalized),
    dot: renderDot(compiled.graph),
    memory: memoryReport(compiled.memoryPlan, normalized.dtype === "f64" ? 8 : 4),
  };
}

/** `<name>.ts`, keeping letters, digits, `-`, `_` and inner dots; never a path. */
export function moduleFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "");
  return `${safe || "model"}.ts`;
}
