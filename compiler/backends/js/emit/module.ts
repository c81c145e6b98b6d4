// Assembles the generated module: header, `layout`, and the `Model` class whose hot methods
// are loops over preallocated typed arrays. Everything is allocated in the constructor.
import { leaves, valueShapes, type Graph, type Shape } from "../../../ir/graph.ts";
import type { Plan } from "../../../phases/4-plan/plan.ts";
import { emitBlocks, sizeCode, type BlockContext, type GemmKernelInfo } from "./blocks.ts";
import type { ConvKernelInfo } from "./conv-kernel.ts";
import { commentText, NameTable, PLACEHOLDER, stringLiteral } from "./names.ts";
import { breakWideCalls, breakWideSignatures, callStatement, Canonicity, indent, normalizeBlankLines, prettierString, reindent, wideLines } from "./canonical.ts";
import { layoutLiteral } from "./layout-literal.ts";
import { lex } from "./lex.ts";
import { reservedNames, substitutePlaceholders } from "./resolve-names.ts";
import type { ModuleMeta } from "./meta.ts";
import { INDEX_HELPERS, INDEX_METHODS, indexBounds } from "./indices.ts";
import { initCode, INIT_HELPERS } from "./init.ts";
import { buildLayout, paramOffsets, stateLength, stateOffsets } from "./layout.ts";
import { optimizerCode } from "./optimizer.ts";
import { predictCode, type PredictInfo } from "./predict.ts";
import { ops } from "../../../ops/index.ts";
import type { OpDef } from "../../../ops/define.ts";

import { weightsMethods, WEIGHTS_HELPERS } from "./weights.ts";

/**
 * A model that computes differently in training and inference (batch norm, dropout): its inference
 * graph (forward pass and loss, optimized) and plan. forward(), predict() and evaluate() run it; the
 * main graph is the training one. Its arena values share the arena (no call runs both).
 */
export interface InferencePart {
  graph: Graph;
  plan: Plan;
}

/** The error for an input array of the wrong type or length; `rows` names what the length counts. */
function inputErrorHelper(TA: string): string {
  return `function inputError(name: string, data: unknown, length: number, rows: string): Error {
  if (!(data instanceof ${TA}))
    return new TypeError(
      \`\${name}: expected a ${TA}, got \${Object.prototype.toString.call(data)}\`,
    );
  return new RangeError(
    \`\${name}: expected at least \${length} values (\${rows} × row size), got \${data.length}\`,
  );
}`;
}

/**
 * The module in its final text. Written once with placeholders for the names it claims; the names
 * are resolved from its tokens (resolve-names.ts) and put in place. Every statement naming them is
 * written flat (one line: prettier's layout as long as it fits, which wideLines checks once the
 * names are in; method signatures and kernel calls too wide are broken then), except predict()'s
 * checks, whose layout depends on the names' length: predict() is written again with the names
 * themselves. `notCanonical` hears why the text may not be
 * exactly what prettier prints, when it may not (compile() then formats it).
 */
export function emitModule(g: Graph, plan: Plan, meta: ModuleMeta, notCanonical?: (reasons: string[]) => void, inference?: InferencePart, report?: (r: ModuleReport) => void, convKernels = false): string {
  const canon = new Canonicity();
  const names = new NameTable();
  const gemms = new Map<string, GemmKernelInfo>();
  // (convolutions become module-level kernels only for a backend that asks: the JavaScript target's text is unchanged)
  const convs = convKernels ? new Map<string, ConvKernelInfo>() : undefined;
  const { code, predict, inputs } = writeModule(g, plan, meta, names, canon, inference, gemms, convs);
  const tokens = lex(code);
  const assigned = names.assign(reservedNames(tokens));
  const resolve = (text: string) => substitutePlaceholders(text, lex(text), assigned);
  const name = (placeholder: string) => assigned[Number(PLACEHOLDER.exec(placeholder)![1])]!;
  let final = substitutePlaceholders(code, tokens, assigned);
  const provisional = resolve(predict.methods);
  const info: PredictInfo = {
    ...predict.info,
    inputs: predict.info.inputs.map((v) => ({ ...v, variable: name(v.variable), stage: name(v.stage) })),
    outputVar: name(predict.info.outputVar),
  };
  const at = final.indexOf(provisional);
  if (at < 0 || final.indexOf(provisional, at + 1) >= 0) canon.fail("predict() not found where it was written");
  else final = final.slice(0, at) + predictCode(info, canon).methods + final.slice(at + provisional.length);
  report?.({ inputs: inputs.map((v) => ({ ...v, variable: name(v.variable) })), gemms, ...(convs ? { convs } : {}) });
  final = breakWideCalls(breakWideSignatures(final));
  const wide = wideLines(final);
  if (wide.length > 0) canon.fail(`lines wider than the print width: ${wide.slice(0, 5).join(", ")}`);
  if (!canon.ok) notCanonical?.(canon.reasons);
  return final;
}

/** The module's text with claimed names as placeholders, and the table that resolves them. */
export function emitModuleText(g: Graph, plan: Plan, meta: ModuleMeta, inference?: InferencePart): { code: string; names: NameTable } {
  const names = new NameTable();
  return { code: writeModule(g, plan, meta, names, new Canonicity(), inference).code, names };
}

/** An input (or target) of the model: the Model field holding its array, its values per row, its array type. */
export interface ModuleInput {
  variable: string;
  rowSize: number;
  typedArray: string;
}

/** What the module's text does not say in so many words, for the WebAssembly target (backends/wasm). */
export interface ModuleReport {
  inputs: ModuleInput[];
  /** The module-level product kernels, by their doc comment. */
  gemms: ReadonlyMap<string, GemmKernelInfo>;
  /** The module-level convolution kernels, by their doc comment (when asked for: emitModule's convKernels). */
  convs?: ReadonlyMap<string, ConvKernelInfo>;
}

/** The module with placeholders, and what predict() was written from (laid out again once named). */
function writeModule(g: Graph, plan: Plan, meta: ModuleMeta, names: NameTable, canon: Canonicity, inference?: InferencePart, gemms?: Map<string, GemmKernelInfo>, convs?: Map<string, ConvKernelInfo>): { code: string; predict: { info: PredictInfo; methods: string }; inputs: ModuleInput[] } {
  const TA = g.dtype === "f64" ? "Float64Array" : "Float32Array";
  // i32 inputs (indices) are Int32Arrays, checked against the rows they index (indices.ts).
  const i32 = new Set(g.inputs.filter((v) => v.dtype === "i32").map((v) => v.id));
  // (a reshape of an i32 input is a view stored as that input: an Int32Array too)
  const i32Values = new Set([...g.inputs, ...g.nodes].filter((v) => v.dtype === "i32").map((v) => v.id));
  const arrayOf = (id: string) => (i32Values.has(id) ? "Int32Array" : TA);
  const bounds = indexBounds(g);
  const shapes = valueShapes(g);
  const vars = new Map<string, string>();
  for (const v of meta.inputs) vars.set(v.id, names.claim(v.name));
  for (const p of meta.params) vars.set(p.id, names.claim(p.name));
  for (const v of meta.state ?? []) vars.set(v.id, names.claim(v.name));
  vars.set(g.output, vars.get(g.output) ?? names.claim("outputBuffer"));
  vars.set(g.loss, names.claim("lossValue"));
  for (const [id, s] of plan.storage) if (!vars.has(id) && !plan.views.has(id)) vars.set(id, names.claim(s.kind === "grad" ? `grad_${s.param}` : id));
  // A view is its input's array under the input's name (a reshape never moves an element).
  for (const [view, of] of plan.views) vars.set(view, vars.get(of)!);
  const gradVar = new Map(meta.params.map((p) => [p.id, vars.get(p.id)!]));
  for (const [id, s] of plan.storage) if (s.kind === "grad") gradVar.set(s.param, vars.get(id)!);
  for (const c of plan.gradCopies) gradVar.set(c.param, names.claim(`grad_${c.param}`));

  const helpers = new Map<string, string>();
  const ctx: BlockContext = { varOf: (id) => vars.get(id)!, shapeOf: (id) => shapes.get(id)!, helpers, claim: (hint) => names.claim(hint), typedArray: TA, canon, ...(gemms ? { gemms } : {}), ...(convs ? { convs } : {}) };
  const copies = plan.gradCopies.map(
    (c) => `// ∂L/∂${commentText(c.param)} is computed elsewhere: copy it into the gradient buffer
for (let i = 0; i < ${sizeCode(shapes.get(c.param)!)}; i++) ${gradVar.get(c.param)}[i] = ${vars.get(c.from)}[i]!;`,
  );
  const out = plan.outputCopy;
  const outputVar = out ? names.claim("outputBuffer") : vars.get(g.output)!;
  const outputCopy = copyOutput(out, outputVar, vars, shapes);
  // With modes, forward(), predict() and evaluate() run the inference graph (buffers of its own).
  const infer = inference && emitInference(inference, vars, names, ctx, arrayOf);
  const inferOutputVar = infer?.outputVar ?? outputVar;
  const updates = (g.updates ?? []).map((u) => {
    const target = vars.get(u.state)!;
    return `// training mode: ${commentText(meta.state?.find((v) => v.id === u.state)?.name ?? u.state)} takes its new value (momentum's share of the old one, the rest from this batch)
for (let i = 0; i < ${sizeCode(shapes.get(u.state)!)}; i++) {
${target}[i] = ${vars.get(u.value)}[i]!;
}`;
  });
  const phases = {
    computeForward: [emitBlocks(plan.groups.forward, ctx, "formula"), ...outputCopy].join("\n"),
    computeLoss: [emitBlocks(plan.groups.loss, ctx, "formula"), ...updates].join("\n"),
    computeGradients: [emitBlocks(plan.groups.backward, ctx, "rule"), ...copies].join("\n"),
  };

  const offsets = paramOffsets(meta);
  // An output of the last call: with modes, the training graph's after loss() (lossBatch > 0), else the inference graph's.
  const current = (train: string, inferred = train) => (train === inferred ? `this.${train}` : `this.lossBatch > 0 ? this.${train} : this.${inferred}`);
  const outputBuffers = [current(outputVar, infer?.outputVar), ...(g.extraOutputs ?? []).map((id, i) => current(vars.get(id)!, infer?.extraOutputVars[i]))];
  const outputOf = extraOutputs(g, meta, outputBuffers, TA, infer !== undefined);
  const inputs = meta.inputs.filter((v) => v.role === "input");
  const all = meta.inputs;
  const views: View[] = [...planViews(plan, vars, outputVar, arrayOf), ...(infer?.views ?? [])];
  const states = stateOffsets(meta);
  for (const o of states) views.push({ name: vars.get(o.id)!, init: `this.state.subarray(${o.offset}, ${o.offset + o.length})` });
  for (const o of offsets) {
    const range = `${o.offset}, ${o.offset + o.length}`;
    views.push({ name: vars.get(o.id)!, init: `this.params.subarray(${range})` });
    views.push({ name: gradVar.get(o.id)!, init: `this.grads.subarray(${range})` });
  }
  const uniqueViews = [...new Map(views.map((v) => [v.name, v])).values()];

  const hoist = (body: string) => {
    const used = new Set(body.replace(/\/\/.*$/gm, "").match(/[\w$]+/g)); // comments mention names too
    return uniqueViews
      .filter((v) => used.has(v.name))
      .map((v) => `const ${v.name} = this.${v.name};`)
      .join("\n");
  };
  const method = (name: string, body: string) =>
    `  private ${name}(batch: number): void {\n${reindent(`${hoist(body)}\n${body}`, 2)}\n  }`;
  const sig = (list: typeof all) => list.map((v) => `${vars.get(v.id)}: ${arrayOf(v.id)}`).join(", ");
  const args = (list: typeof all) => list.map((v) => vars.get(v.id)).join(", ");
  // Every array is checked before any is kept: a refused call leaves the last accepted one intact.
  // Indices are range-checked after every array's type and length, before any is kept.
  const checks = (list: typeof all) =>
    [
      ...list.map((v) => `    this.${i32.has(v.id) ? "checkIndices" : "checkInput"}(${prettierString(stringLiteral(v.name))}, ${vars.get(v.id)}, ${sizeCode(shapes.get(v.id)!)});`),
      ...list.flatMap((v) => {
        const range = bounds.get(v.id);
        if (!range) return [];
        const args = [prettierString(stringLiteral(v.name)), vars.get(v.id), sizeCode(shapes.get(v.id)!), range.bound, prettierString(stringLiteral(range.what))];
        return [callStatement(2, `this.checkRange(${args.join(", ")});`, canon)];
      }),
      ...list.map((v) => `    this.${vars.get(v.id)} = ${vars.get(v.id)};`),
    ].join("\n");
  const lossVar = vars.get(g.loss)!;
  const layout = buildLayout(g, meta);
  const paramCount = layout.paramCount;
  const optimizer = optimizerCode(meta.optimizer, paramCount);
  const arenaSize = sharedArenaSize(plan, inference);
  const arenaBytes = arenaSize * (TA === "Float64Array" ? 8 : 4);
  const stateCount = stateLength(layout);
  const random = [...g.nodes, ...(inference?.graph.nodes ?? [])].some((n) => (ops[n.op] as OpDef).random === true);
  const rowSize = (id: string) => shapes.get(id)!.reduce<number>((a, d) => (d === "n" ? a : a * d), 1);
  const predictInfo: PredictInfo = {
    typedArray: TA,
    maxBatch: meta.maxBatch,
    inputs: inputs.map((v) => ({
      variable: vars.get(v.id)!,
      name: v.name,
      rowSize: rowSize(v.id),
      stage: names.claim(`predict_${v.name}`),
      ...(i32.has(v.id) ? { typedArray: "Int32Array", range: bounds.get(v.id) } : {}),
    })),
    outputVar: inferOutputVar,
    outSize: rowSize(g.output),
  };
  // Laid out with placeholders for now (its own decisions are made again with the names).
  const predict = predictCode(predictInfo, new Canonicity());
  const params = (list: typeof all) => [sig(list), `batch: number = ${meta.maxBatch}`].filter(Boolean).join(", ");

  const code = `// ${commentText(meta.header)}
// Do not edit: change the spec and rebuild. Imports nothing; allocates only in the constructor.
// Model ${commentText(JSON.stringify(meta.name))}: ${meta.dtype}, maxBatch ${meta.maxBatch}, ${paramCount} parameters, arena ${arenaSize} elements (${arenaBytes} bytes).

/** Names, shapes and offsets of everything the model reads and writes. */
export const layout = ${layoutLiteral(layout, canon)} as const;

${[...helpers.values(), INIT_HELPERS, WEIGHTS_HELPERS, inputErrorHelper(TA), ...(i32.size > 0 ? [INDEX_HELPERS] : [])].join("\n\n")}

/**
 * The compiled network. All memory is allocated here, once; \`forward\`, \`evaluate\`, \`loss\`,
 * \`backward\`, \`step\` and \`trainStep\` allocate nothing. Inputs are row-major flat arrays
 * [batch, ...shape].${inference ? `
 * forward, predict and evaluate run in inference mode; loss, backward and trainStep in training mode.` : ""}
 */
export class Model {
  /** All parameters, one flat buffer; \`layout.params\` gives each one's slice. */
  readonly params: ${TA};
  /** ∂loss/∂params of the last \`loss()\` call, after \`backward()\`; same layout as \`params\`. */
  readonly grads: ${TA};
  /**
   * Values kept between calls but not trained (batch norm's moving statistics), one flat buffer;
   * \`layout.state\` gives each one's slice. Only \`loss()\` (so \`trainStep()\`) updates them.
   */
  readonly state: ${TA};
  /** Learning rate of \`step()\`; writable, so schedules need no recompile. */
  lr = ${numberLiteral(meta.optimizer.lr)};
  /** Number of \`step()\` calls so far (Adam's bias correction uses it); saved with the optimizer state. */
  stepCount = 0;
  /** Steps skipped because a gradient was NaN or ±Infinity (skipNonFinite); not saved. */
  skippedSteps = 0;${random ? `
  /**
   * The state of the generator of dropout's masks (a uint32; the constructor seeds it): each loss()
   * advances it; set it to replay the same masks.
   */
  randomState = 0;` : ""}
  private readonly arena: ${TA};
  private lossBatch = 0;
${optimizer.state.map((s) => `  private readonly ${s}: ${TA};`).join("\n")}
${predict.fields}
${uniqueViews.map((v) => `  private ${v.name}: ${v.type ?? TA};`).join("\n")}

  constructor(options: { seed?: number } = {}) {
    this.params = new ${TA}(${Math.max(paramCount, 0)});
    this.grads = new ${TA}(${Math.max(paramCount, 0)});
    this.arena = new ${TA}(${arenaSize});
    this.state = new ${TA}(${stateCount});
${optimizer.state.map((s) => `    this.${s} = new ${TA}(${paramCount});`).join("\n")}
${optimizer.init.map((line) => `    ${line}`).join("\n")}
${predict.init}
${uniqueViews.map((v) => `    this.${v.name} = ${v.init};`).join("\n")}
${indent(initCode(meta, offsets, states, random), 2)}
  }

${inference ? `  /**
   * The model output for \`batch\` rows (default maxBatch) in inference mode; returns a view that
   * the next call overwrites. Call backward() only after a loss() that no forward() has followed.
   */` : `  /**
   * The model output for \`batch\` rows (default maxBatch); returns a view that the next call
   * overwrites. Call backward() only after a loss() that no forward() has followed.
   */`}
  forward(${params(inputs)}): ${TA} {
    this.checkBatch(batch);
${checks(inputs)}
    this.lossBatch = 0; // the activations backward() would need are about to be replaced
    this.computeForward(batch);
    return this.${inferOutputVar};
  }

${predict.methods}

  /** The output of the last \`forward\`, \`evaluate\` or \`loss\` call (rows [0, batch) valid). */
  get output(): ${TA} {
    return ${current(outputVar, inferOutputVar)};
  }
${outputOf}

${inference ? `  /**
   * Forward pass and mean loss in training mode (batch statistics, dropout; the state is updated);
   * keeps what \`backward()\` needs (including references to the arrays).
   */` : `  /** Forward pass and mean loss; keeps what \`backward()\` needs (including references to the arrays). */`}
  loss(${params(all)}): number {
    this.checkBatch(batch);
${checks(all)}
    this.${inference ? "computeTrainingForward" : "computeForward"}(batch);
    this.computeLoss(batch);
    this.lossBatch = batch;
    return this.${lossVar}[0]!;
  }

  /**
   * The mean loss${inference ? " in inference mode" : ""}; changes nothing the model keeps (parameters, state, optimizer).
   * Like forward(), it replaces the activations backward() would need.
   */
  evaluate(${params(all)}): number {
    this.checkBatch(batch);
${checks(all)}
    this.lossBatch = 0; // the activations backward() would need are about to be replaced
    this.computeForward(batch);
    this.${inference ? "computeEvaluation" : "computeLoss"}(batch);
    return this.${infer?.lossVar ?? lossVar}[0]!;
  }

  /** ∂loss/∂params of the last \`loss()\` call into \`grads\` (overwritten, not accumulated). */
  backward(): void {
    if (this.lossBatch === 0) {
      throw new Error(
        "backward() needs a loss() call first (and no forward() call since, which replaces the activations it uses)",
      );
    }
    this.computeGradients(this.lossBatch);
  }

  /** One optimizer update from \`grads\`. ${optimizer.summary} */
  step(): void {
${reindent(optimizer.step, 2)}
  }

  /** loss, backward and step in one call; returns the loss before the update. */
  trainStep(${params(all)}): number {
    const value = this.loss(${[args(all), "batch"].filter(Boolean).join(", ")});
    this.backward();
    this.step();
    return value;
  }

${infer ? `${method("computeForward", infer.forward)}

${method("computeEvaluation", infer.loss)}

${method("computeTrainingForward", phases.computeForward)}` : method("computeForward", phases.computeForward)}

${method("computeLoss", phases.computeLoss)}

${method("computeGradients", phases.computeGradients)}
${weightsMethods({ layout, typedArray: TA, optimizer: meta.optimizer.type, state: optimizer.state }, canon)}

  private checkBatch(batch: number): void {
    if (!(Number.isInteger(batch) && batch >= 1 && batch <= ${meta.maxBatch})) {
      throw new RangeError(\`batch must be an integer in 1..${meta.maxBatch}, got \${batch}\`);
    }
  }

  // The error is built out of line: checkInput stays small enough to inline in every hot call.
  private checkInput(name: string, data: ${TA}, length: number): void {
    if (!(data instanceof ${TA} && data.length >= length))
      throw inputError(name, data, length, "batch");
  }${i32.size > 0 ? INDEX_METHODS : ""}
}
`;
  const moduleInputs = all.map((v) => ({ variable: vars.get(v.id)!, rowSize: rowSize(v.id), typedArray: arrayOf(v.id) }));
  return { code: normalizeBlankLines(code), predict: { info: predictInfo, methods: predict.methods }, inputs: moduleInputs };
}

/** A number literal as prettier prints it (no `+` in an exponent). */
function numberLiteral(x: number): string {
  return String(x).replace("e+", "e");
}

/**
 * With several outputs, `outputOf(name)`: the buffer of any output in layout.outputs (the first is
 * `output`), the same array every time, valid for the rows of the last forward or loss call.
 */
function extraOutputs(g: Graph, meta: ModuleMeta, buffers: readonly string[], TA: string, modes: boolean): string {
  const extra = g.extraOutputs ?? [];
  if (extra.length === 0) return "";
  const outputs = [meta.outputName, ...extra.map((id, i) => meta.extraOutputNames?.[i] ?? id)].map((name, i) => ({ name, variable: buffers[i]! }));
  const literal = (name: string) => prettierString(stringLiteral(name));
  const cases = outputs.map((o) => `      case ${literal(o.name)}:\n        return ${o.variable};`).join("\n");
  return `
  /** The buffer of output \`name\` (layout.outputs) of the last \`forward\`, \`evaluate\` or \`loss\` call${modes ? "" : "; the same array every time"}. */
  outputOf(name: ${outputs.map((o) => literal(o.name)).join(" | ")}): ${TA} {
    switch (name) {
${cases}
    }
    throw new RangeError(\`no output \${JSON.stringify(name)}: see layout.outputs\`);
  }`;
}

/** The arena's length: the larger of the two plans' with modes (no call runs both graphs). */
export function sharedArenaSize(plan: Plan, inference?: InferencePart): number {
  return Math.max(plan.arenaSize, inference?.plan.arenaSize ?? 0);
}

/** A field of the model holding a view of its memory (or an input's array), and how the constructor makes it. */
interface View {
  name: string;
  init: string;
  type?: string;
}

/** The views a plan's storage needs: arena slices (the output's copy too) and the caller's arrays. */
function planViews(plan: Plan, vars: Map<string, string>, outputVar: string, arrayOf: (id: string) => string): View[] {
  const slice = (offset: number, length: number) => `this.arena.subarray(${offset}, ${offset + length})`;
  const views: View[] = [];
  for (const [id, s] of plan.storage) {
    if (s.kind === "arena") views.push({ name: vars.get(id)!, init: slice(s.offset, s.length) });
    if (s.kind === "input") views.push({ name: vars.get(id)!, init: `new ${arrayOf(id)}(0)`, type: arrayOf(id) });
  }
  if (plan.outputCopy) views.push({ name: outputVar, init: slice(plan.outputCopy.offset, plan.outputCopy.length) });
  return views;
}

/** When the output is an input passed through: the loop copying it into the model's own buffer. */
function copyOutput(out: Plan["outputCopy"], outputVar: string, vars: Map<string, string>, shapes: Map<string, Shape>): string[] {
  if (!out) return [];
  return [`// the output is the input ${commentText(out.from)} itself: copied, so forward() returns the model's own buffer
for (let i = 0; i < ${sizeCode(shapes.get(out.from)!)}; i++) ${outputVar}[i] = ${vars.get(out.from)}[i]!;`];
}

/**
 * The inference graph as the module runs it: its inputs, parameters and state are the training
 * graph's arrays (the same ids); each of its stored values claims a name of its own (the training
 * graph's value of the same id has the name first: `dense1` there, `dense1_2` here); a view is its
 * input's array. Its forward pass and loss are computeForward's and computeEvaluation's bodies.
 */
function emitInference(part: InferencePart, trainVars: Map<string, string>, names: NameTable, trainCtx: BlockContext, arrayOf: (id: string) => string) {
  const { graph: g, plan } = part;
  const vars = new Map<string, string>();
  for (const v of leaves(g)) vars.set(v.id, trainVars.get(v.id)!);
  for (const [id] of plan.storage) if (!vars.has(id) && !plan.views.has(id)) vars.set(id, names.claim(id));
  for (const [view, of] of plan.views) vars.set(view, vars.get(of)!);
  const shapes = valueShapes(g);
  const ctx: BlockContext = { ...trainCtx, varOf: (id) => vars.get(id)!, shapeOf: (id) => shapes.get(id)! };
  const outputVar = plan.outputCopy ? names.claim("outputBuffer") : vars.get(g.output)!;
  return {
    outputVar,
    extraOutputVars: (g.extraOutputs ?? []).map((id) => vars.get(id)!),
    lossVar: vars.get(g.loss)!,
    forward: [emitBlocks(plan.groups.forward, ctx, "formula"), ...copyOutput(plan.outputCopy, outputVar, vars, shapes)].join("\n"),
    loss: emitBlocks(plan.groups.loss, ctx, "formula"),
    // (its inputs' views are the training graph's, the same fields)
    views: planViews(plan, vars, outputVar, arrayOf),
  };
}
