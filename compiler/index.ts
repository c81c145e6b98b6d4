// compile(): the whole pipeline, phase by phase. Pure: takes data, returns strings and reports,
// never touches files. Every phase's output is verified before the next one runs.
import type { NormalizedSpec } from "../src/spec/types.ts";
import type { Graph } from "./ir/graph.ts";
import { verifyGraph } from "./ir/verify.ts";
import { printGraph } from "./ir/print.ts";
import { hasModes, lower, type ParamInfo, type StateInfo } from "./phases/1-lower/lower.ts";
import { differentiate } from "./phases/2-autodiff/autodiff.ts";
import { optimize } from "./phases/3-optimize/index.ts";
import { planMemory, type Plan } from "./phases/4-plan/plan.ts";
import { formatPlan } from "./phases/4-plan/report.ts";
import { emitModule, sharedArenaSize, type InferencePart, type ModuleReport } from "./backends/js/emit/module.ts";
import { wasmModule } from "./backends/wasm/module.ts";
import { formatModule } from "./backends/js/emit/format.ts";
import { assertParses } from "./backends/js/emit/parse-check.ts";
import type { ModuleMeta } from "./backends/js/emit/meta.ts";
import { buildLayout, type ModuleLayout } from "./backends/js/emit/layout.ts";
import { COMPILER_VERSION } from "./version.ts";

import type { Target } from "../src/spec/types.ts";
export type { Target };

export interface CompiledModule {
  code: string;
  /** The backend the module was compiled for. */
  target: Target;
  /** The WebAssembly target's text (the binary the module carries, before assembly). */
  wat?: string;
  /** The WebAssembly target: each SIMD product and its register tile, as text. */
  simdTiles?: string;
  /** Forward IR (forward pass and loss), optimized; with modes, the training graph's. */
  ir: string;
  /** With modes (batch norm, dropout): the inference graph's IR (forward pass and loss), optimized. */
  inferenceIr?: string;
  /** With modes: the inference graph's memory plan, as text (it shares the arena). */
  inferencePlan?: string;
  /** The whole graph after autodiff and optimization: forward, loss and gradients. */
  gradIr: string;
  plan: string;
  layout: ModuleLayout;
  stats: { paramCount: number; arenaElements: number; arenaBytes: number; naiveArenaBytes: number };
  /** The optimized graph (forward, loss and gradients), for tools such as the DOT renderer. */
  graph: Graph;
  /** The memory plan as data (schedule, storage, arena placements). */
  memoryPlan: Plan;
  /** What the emitter was told about the model (parameter initializers, input roles). */
  meta: ModuleMeta;
}

/** Spec → module. `source` is the spec file named in the header (relative path). */
export async function compileSpec(spec: NormalizedSpec, source?: string, target: Target = spec.target ?? "js"): Promise<CompiledModule> {
  const { graph, params, state } = lower(spec, "train");
  // A model with modes gets its inference graph too: forward(), predict() and evaluate() run it.
  const inference = hasModes(spec) ? lower(spec, "infer").graph : undefined;
  return compileGraph(graph, metaFromSpec(spec, params, source, state), inference, target);
}

/**
 * Forward graph → module: autodiff, optimize, plan, emit. `inference`: the graph forward() runs when
 * it differs from the training one (`forward`), with the same inputs, parameters and state.
 */
export async function compileGraph(forward: Graph, meta: ModuleMeta, inference?: Graph, target: Target = "js"): Promise<CompiledModule> {
  verifyGraph(forward, "lowering");
  const check = (phase: string, g: Graph) => verifyGraph(g, phase);
  const optimizedForward = optimize(forward, check);
  let inferencePart: InferencePart | undefined;
  if (inference) {
    verifyGraph(inference, "lowering (inference)");
    const g = optimize(inference, check);
    inferencePart = { graph: g, plan: planMemory(g, meta.maxBatch) };
  }
  const full = differentiate(forward);
  verifyGraph(full, "autodiff");
  const optimized = optimize(full, check);
  const plan = planMemory(optimized, meta.maxBatch);
  // The emitter writes the module in its final form (names resolved, indexed reads marked, laid out
  // as prettier would). Only when it cannot vouch for the layout (a name so long that a line must
  // break) is prettier loaded to format it. The allocation check and prettier's agreement are the
  // tests' job (test/compiler/backends/js/emit/emitted-corpus.test.ts); esbuild's parse stays here.
  let canonical = true;
  let report: ModuleReport = { inputs: [], gemms: new Map() };
  const emitted = emitModule(optimized, plan, meta, () => (canonical = false), inferencePart, (r) => (report = r), target === "wasm");
  const js = canonical ? emitted : await formatModule(emitted);
  // The WebAssembly target is the JavaScript module with its compute methods moved into a binary.
  const wasm = target === "wasm" ? await wasmModule(js, report, meta.maxBatch, forward.dtype === "f64" ? "f64" : "f32") : undefined;
  // (its edits are written as prettier lays them out: prettier runs only when a line is too wide)
  const code = wasm ? (wasm.canonical ? wasm.code : await formatModule(wasm.code)) : js;
  await assertParses(code);
  const bytes = forward.dtype === "f64" ? 8 : 4;
  const layout = buildLayout(optimized, meta);
  return {
    code,
    target,
    ...(wasm ? { wat: wasm.wat } : {}),
    ir: printGraph(optimizedForward),
    ...(inferencePart ? { inferenceIr: printGraph(inferencePart.graph), inferencePlan: formatPlan(inferencePart.graph, inferencePart.plan, bytes) } : {}),
    gradIr: printGraph(optimized),
    plan: formatPlan(optimized, plan, bytes),
    ...(wasm && wasm.tiles.length > 0 ? { simdTiles: `WebAssembly SIMD products:\n${wasm.tiles.map((t) => `  ${t}`).join("\n")}\n` } : {}),
    layout,
    stats: {
      paramCount: layout.paramCount,
      arenaElements: sharedArenaSize(plan, inferencePart),
      arenaBytes: sharedArenaSize(plan, inferencePart) * bytes,
      naiveArenaBytes: plan.naiveSize * bytes,
    },
    graph: optimized,
    memoryPlan: plan,
    meta,
  };
}

export function metaFromSpec(spec: NormalizedSpec, params: ParamInfo[], source?: string, state: StateInfo[] = []): ModuleMeta {
  return {
    name: spec.name,
    dtype: spec.dtype,
    maxBatch: spec.maxBatch,
    seed: spec.seed,
    optimizer: spec.optimizer,
    inputs: [
      ...spec.inputs.map((v) => ({ id: v.name, name: v.name, role: "input" as const })),
      ...spec.targets.map((v) => ({ id: v.name, name: v.name, role: "target" as const })),
    ],
    outputName: spec.outputName,
    ...(spec.outputs.length > 1 ? { extraOutputNames: spec.outputs.slice(1).map((o) => o.name) } : {}),
    params: params.map((p) => ({ id: p.id, name: p.name, shape: p.shape, init: p.init, ...(p.fans ? { fans: p.fans } : {}) })),
    ...(state.length > 0 ? { state } : {}),
    header: `Generated by tapeless ${COMPILER_VERSION}${source ? ` from ${source}` : ` from the spec ${JSON.stringify(spec.name)}`}`,
  };
}
