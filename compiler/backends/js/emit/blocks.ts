// Emits the loops of one phase (forward, loss or backward): one block per fused group, in plan
// order, each under comments naming the layer and the formula or chain-rule term of every node
// it computes, and which intermediates the fusion keeps out of memory.
import type { Dim, Node, Shape } from "../../../ir/graph.ts";
import { ops, type OpName } from "../../../ops/index.ts";
import { InternalError } from "../../../errors.ts";
import { jsRules } from "../rules.ts";
import type { JsRule, KernelContext } from "../rule.ts";
import { commentText } from "./names.ts";
import { describe } from "../../../ops/describe.ts";
import { leafRole, readsInPlace, type Group, type LeafRole } from "../../../phases/4-plan/fuse.ts";
import type { OpDef } from "../../../ops/define.ts";
import { chooseTiles, gemmDims } from "../../../phases/4-plan/tiles.ts";
import { elementCode } from "./expr.ts";
import { gemmKernel, type Epilogue, type GemmShape } from "./gemm.ts";
import { elementwiseLoop, type LoopContext } from "./loops.ts";
import { reductionLoop } from "./reduction-loop.ts";
import { MAX_INLINE_ARGS } from "./limits.ts";
import type { Canonicity } from "./canonical.ts";
import { canonicalExpr, NotCanonical } from "./expr-print.ts";
import { convKernelCall, type ConvKernelInfo } from "./conv-kernel.ts";

export interface BlockContext {
  /** The local identifier holding a value's buffer. */
  varOf(id: string): string;
  shapeOf(id: string): Shape;
  /** Module-level helper functions used so far (filled while emitting). */
  helpers: Map<string, string>;
  /** A fresh module-level identifier, for kernel functions (default: the hint itself). */
  claim?(hint: string): string;
  /** The module's typed array (default Float32Array). */
  typedArray?: string;
  /** Told when some text may not be in its final form (canonical.ts). */
  canon?: Canonicity;
  /**
   * Filled with every module-level matrix-product kernel, by its doc comment (unique in a module):
   * what another backend needs to write the same product its own way (backends/wasm).
   */
  gemms?: Map<string, GemmKernelInfo>;
  /** Likewise, every convolution written as a module-level kernel (conv-kernel.ts); only with it are they. */
  convs?: Map<string, ConvKernelInfo>;
}

/** A module-level product kernel as planned: C = op(A)·op(B), its tiles and its epilogue. */
export interface GemmKernelInfo {
  /** The product's op (matmul, dot_general). */
  op: OpName;
  shape: GemmShape;
  /** Rows per batch row of a flattened product (the kernel's `batch` argument is batch × nScale). */
  nScale: number;
  epilogue: Epilogue | null;
}

/** An expression in its final form (expr-print.ts), or as composed when that cannot be guaranteed. */
export function finalExpr(code: string, canon: Canonicity | undefined): string {
  try {
    return canonicalExpr(code);
  } catch (e) {
    if (!(e instanceof NotCanonical)) throw e;
    canon?.fail(e.message);
    return code;
  }
}

export const dimCode = (d: Dim): string => (d === "n" ? "batch" : String(d));

/** Element count as code: a literal, or `batch * rest` when the batch dimension is involved. */
export function sizeCode(shape: Shape): string {
  const fixed = shape.reduce<number>((acc, d) => (d === "n" ? acc : acc * d), 1);
  const batched = shape.includes("n");
  if (!batched) return String(fixed);
  return fixed === 1 ? "batch" : `batch * ${fixed}`;
}

export function emitBlocks(groups: readonly Group[], ctx: BlockContext, style: "formula" | "rule"): string {
  const out: string[] = [];
  let lastComment: string | undefined;
  for (const group of groups) {
    for (const node of group.nodes) {
      const line = `// ${nodeComment(node, group, style)}`;
      if (line !== lastComment) out.push(line);
      lastComment = line;
    }
    const hidden = group.nodes.filter((n) => !group.writes.includes(n.id));
    if (hidden.length > 0) {
      const names = hidden.map((n) => localName(n)).join(", ");
      out.push(`// (one loop; never stored: ${commentText(names)})`);
    }
    out.push(emitGroup(group, ctx));
  }
  return out.join("\n");
}

/** The comment a node gets above its loop: its layer and formula, or its chain-rule term. */
export function nodeComment(node: Node, group: Group, style: "formula" | "rule"): string {
  // In a loss group the nodes the backward pass added state their rule.
  const asRule = style === "rule" || (group.gradient?.includes(node.id) ?? false);
  return asRule
    ? commentText(node.comment)
    : `${commentText(node.comment || node.op)}: ${commentText(describe(ops[node.op].doc, node))}`;
}

/** How a reader knows an intermediate: its name in the layer, or for numbered ones its op. */
function localName(n: Node): string {
  if (/^\d+$/.test(n.id)) return ops[n.op].fusion === "contraction" ? "the product" : n.op;
  return n.id.startsWith(`${n.comment}.`) ? n.id.slice(n.comment.length + 1) : n.id;
}

function loopContext(ctx: BlockContext): LoopContext {
  return { varOf: ctx.varOf, shapeOf: ctx.shapeOf, helpers: ctx.helpers, dim: dimCode, size: sizeCode, expr: (code) => finalExpr(code, ctx.canon) };
}

function emitGroup(group: Group, ctx: BlockContext): string {
  switch (group.kind) {
    case "elementwise":
      return elementwiseLoop(group.tail, loopContext(ctx));
    case "reduction":
    case "loss":
      return reductionLoop(group, loopContext(ctx));
    case "gemm":
      return emitGemm(group, ctx);
    case "kernel":
      return emitKernel(group.head!, ctx, group);
  }
}

function emitKernel(node: Node, ctx: BlockContext, group?: Group): string {
  const rule: JsRule = jsRules[node.op];
  if (rule.kind !== "kernel") return elementwiseLoop([node], loopContext(ctx));
  const out = ctx.varOf(group?.root.id ?? node.id);
  const k: KernelContext = {
    out,
    // (an operand giving only a shape, a broadcast's like, may have no buffer: the kernel reads its shape)
    ins: node.inputs.map((id, i) => (leafRole(node, i, ctx.shapeOf(id)) === "unused" ? "" : ctx.varOf(id))),
    outShape: node.shape,
    inShapes: node.inputs.map((id) => ctx.shapeOf(id)),
    attrs: node.attrs,
    dim: dimCode,
    size: sizeCode,
    constant: (hint, values) => {
      const typed = ctx.typedArray ?? "Float32Array";
      // One value per line would be prettier's layout: the generator keeps the table on one line.
      return kernelName(ctx, hint, `// prettier-ignore\nconst NAME = new ${typed}([${values.map(String).join(", ")}]);`, "const NAME = ");
    },
    store: group && group.tail.length > 0 ? kernelEpilogue(group, out, ctx) : (at, _column, value) => `${out}[${at}] = ${value};`,
  };
  const call = group && ctx.convs ? convKernelCall(node, group, ctx, k, rule.code) : undefined;
  return call ?? `{\n${rule.code(k)}\n}`;
}

/**
 * A kernel's epilogue (an op with `epilogue`, 4-plan/fuse.ts): the group's tail on the head's value,
 * reading its leaves at the element (same), the column (a bias) or once (scalar), then the store;
 * with temporaries, in a block of its own.
 */
function kernelEpilogue(group: Group, out: string, ctx: BlockContext): NonNullable<KernelContext["store"]> {
  return (at, column, value) => {
    let temps = 0;
    const code = elementCode(group.tail, ctx.shapeOf, {
      given: new Map([[group.head!.id, value]]),
      leaf: (id, role) => `${ctx.varOf(id)}[${role === "column" ? column : role === "scalar" ? "0" : at}]!`,
      temp: () => `v${temps++}`,
      helper: (name, code) => ctx.helpers.set(name, code),
    });
    const store = `${out}[${at}] = ${finalExpr(code.expr, ctx.canon)};`;
    if (code.temps.length === 0) return store;
    return `{\n${code.temps.map((t) => `const ${t.name} = ${finalExpr(t.code, ctx.canon)};`).join("\n")}\n${store}\n}`;
  };
}

/** The matmul as a call to a module-level kernel (shared by products of the same shape). */
function emitGemm(group: Group, ctx: BlockContext): string {
  const head = group.head!;
  const dims = gemmDims(head, ctx.shapeOf);
  const tiles = group.tiles ?? chooseTiles(dims.M, dims.N, dims.K, 1);
  const epilogue = group.tail.length > 0 ? buildEpilogue(group, ctx) : null;
  const typed = ctx.typedArray ?? "Float32Array";
  const arrays = [...head.inputs, ...(epilogue?.args ?? [])].map((id) => ctx.varOf(id));
  const inline = tiles.inline && tiles.ri === 1 && tiles.rj <= 4 && arrays.length - 2 <= MAX_INLINE_ARGS;
  const layout = inline ? "canonical" : "ignored";
  // A module-level kernel is kept verbatim by prettier (`// prettier-ignore`): its expressions stay as composed.
  const expr = inline ? (code: string) => finalExpr(code, ctx.canon) : undefined;
  const kernel = gemmKernel({ ...dims, ...tiles }, epilogue?.epilogue ?? null, typed, layout, expr);
  if (inline) {
    const names = ["A", "B", ...arrays.slice(2).map((_, k) => `e${k}`), "C"];
    const bind = [...arrays, ctx.varOf(group.root.id)].map((v, k) => `${names[k]} = ${v}`).join(",\n");
    return `{\n// ${commentText(kernel.doc)}\nconst ${bind};\n${kernel.body}\n}`;
  }
  const text = `(${kernel.params}): void {\n${kernel.body}\n}`;
  const sym = (d: Dim) => (d === "n" ? "n" : String(d));
  const hint = [`matmul_${sym(dims.M)}x${sym(dims.K)}x${sym(dims.N)}`, dims.ta ? "ta" : "", dims.tb ? "tb" : "", epilogue?.epilogue.tag ?? ""]
    .filter(Boolean)
    .join("_");
  // Laid out by the generator (a tile row per line): prettier would give each statement a line.
  const name = kernelName(ctx, hint, `/** ${kernel.doc} */\n// prettier-ignore\nfunction NAME${text}`);
  ctx.gemms?.set(kernel.doc, { op: head.op, shape: { ...dims, ...tiles }, nScale: dims.nScale, epilogue: epilogue?.epilogue ?? null });
  const batch = [dims.M, dims.N, dims.K].includes("n") ? [dims.nScale > 1 ? `batch * ${dims.nScale}` : "batch"] : [];
  return `${name}(${[...arrays, ctx.varOf(group.root.id), ...batch].join(", ")});`;
}

const kernelNames = new WeakMap<Map<string, string>, Map<string, string>>();

/** One function per distinct kernel text in a module. */
export function kernelName(ctx: BlockContext, hint: string, template: string, declaration = "function NAME("): string {
  let byText = kernelNames.get(ctx.helpers);
  if (!byText) kernelNames.set(ctx.helpers, (byText = new Map()));
  const known = byText.get(template);
  if (known) return known;
  const name = ctx.claim ? ctx.claim(hint) : hint;
  byText.set(template, name);
  ctx.helpers.set(name, template.replace(declaration, declaration.replace("NAME", name)));
  return name;
}

/**
 * A bias: a sum in the tail of the product and a column repeated over its rows (a broadcast read
 * in place). The accumulators start from it: `sum` is the accumulator itself, `repeat` is not read.
 */
function biasOf(group: Group, ctx: BlockContext): { sum: Node; repeat: Node; column: string } | undefined {
  const head = group.head!;
  const inTail = new Map(group.tail.map((n) => [n.id, n]));
  for (const sum of group.tail) {
    if (!(ops[sum.op] as OpDef).sums || sum.inputs.length !== 2 || !sum.inputs.includes(head.id)) continue;
    const repeat = inTail.get(sum.inputs[0] === head.id ? sum.inputs[1]! : sum.inputs[0]!);
    const column = repeat?.inputs[0];
    if (repeat && column !== undefined && readsInPlace(repeat, ctx.shapeOf) && leafRole(repeat, 0, ctx.shapeOf(column)) === "column") return { sum, repeat, column };
  }
  return undefined;
}

/** The group's tail as an epilogue of the product: its leaves become kernel arguments. */
export function buildEpilogue(group: Group, ctx: BlockContext): { epilogue: Epilogue; args: string[] } {
  const head = group.head!;
  const bias = biasOf(group, ctx);
  const args: string[] = [];
  const roles: ("same" | "column" | "scalar")[] = [];
  const argOf = (id: string, role: LeafRole): number => {
    if (role === "row") throw new InternalError(`a product's epilogue reads %${id} per row`);
    const r = role === "unused" ? "same" : role;
    const at = args.findIndex((a, i) => a === id && roles[i] === r);
    if (at >= 0) return at;
    args.push(id);
    roles.push(r);
    return args.length - 1;
  };
  const biasInit = bias ? argOf(bias.column, "column") : -1;
  const tail = group.tail.filter((n) => n !== bias?.repeat);
  const element: Epilogue["element"] = (acc, load, temp) =>
    elementCode(tail, ctx.shapeOf, {
      given: new Map(bias ? [[head.id, acc], [bias.sum.id, acc]] : [[head.id, acc]]),
      leaf: (id, role) => load(argOf(id, role)),
      temp,
      helper: (name, code) => ctx.helpers.set(name, code),
    });
  // A dry run finds every argument before the kernel's parameter list is written.
  element("acc", () => "x", () => "t");
  const tag = tail.map((n) => (n === bias?.sum ? "bias" : n.op)).join("_");
  return { epilogue: { args: roles, biasInit, element, tag }, args };
}
