// Per-sample shape and dtype inference over the sorted nodes, and each node's normalized form
// (defaults filled, axes non-negative). One rule per node type, in shape-rules-*.ts; this file
// runs them in order and keeps what every rule shares: operands, dtype checks, axes, broadcasting.
// A node whose shape cannot be inferred is reported once; nodes reading it are skipped silently.
import { formatShape, type Issue, type Path, quote } from "./issues.ts";
import type { ParsedNode, SourcedNode } from "./nodes.ts";
import { ELEMENTWISE_RULES } from "./shape-rules-elementwise.ts";
import { LAYER_RULES } from "./shape-rules-layers.ts";
import { CONV_RULES } from "./shape-rules-conv.ts";
import { POOL_RULES } from "./shape-rules-pool.ts";
import { MOVEMENT_RULES } from "./shape-rules-movement.ts";
import type { NamedShape, NormalizedNode, ValueDType } from "./types.ts";

/** A value a node reads: its name, per-sample shape and dtype, and the field that names it. */
export interface Operand {
  name: string;
  shape: number[];
  dtype: ValueDType;
  path: Path;
}

/** The parsed node whose `type` may be T (a type such as "sum" belongs to the reduce node's enum). */
type NodeOfType<T> = ParsedNode extends infer N ? (N extends { type: infer U } ? (T extends U ? N : never) : never) : never;

/** What the shared helpers below need of a rule's context. */
export interface BaseContext {
  node: SourcedNode;
  issues: Issue[];
}
export interface RuleContext<T extends ParsedNode["type"] = ParsedNode["type"]> extends BaseContext {
  node: SourcedNode & { spec: NodeOfType<T> };
  operands: Operand[];
}

/** A node's normalized form, or undefined after pushing an issue. */
export type Rule<T extends ParsedNode["type"]> = (ctx: RuleContext<T>) => NormalizedNode | undefined;
export type RuleTable<T extends ParsedNode["type"]> = { [K in T]: Rule<K> };

const RULES: RuleTable<ParsedNode["type"]> = { ...ELEMENTWISE_RULES, ...MOVEMENT_RULES, ...LAYER_RULES, ...CONV_RULES, ...POOL_RULES };

/** Node types whose operands may be int32 (movement keeps the dtype; embedding needs it). */
const INT32_OK: ReadonlySet<string> = new Set(["reshape", "flatten", "transpose", "slice", "concat", "embedding"]);

export interface ShapeResult {
  nodes: NormalizedNode[];
  /** Shape and dtype of every input, target and inferred node. */
  values: Map<string, { shape: number[]; dtype: ValueDType }>;
  issues: Issue[];
}

/** `known` holds the inputs and targets; nodes must be topologically sorted. */
export function inferShapes(sorted: readonly SourcedNode[], known: readonly NamedShape[]): ShapeResult {
  const values = new Map(known.map((v) => [v.name, { shape: v.shape, dtype: v.dtype }]));
  const nodes: NormalizedNode[] = [];
  const issues: Issue[] = [];
  for (const node of sorted) {
    const operands: Operand[] = [];
    for (const ref of node.refs) {
      const value = values.get(ref.name);
      if (value === undefined) break; // an upstream problem, already reported
      operands.push({ name: ref.name, ...value, path: ref.path });
    }
    if (operands.length < node.refs.length || !dtypesFit(node, operands, issues)) continue;
    const rule = RULES[node.spec.type] as Rule<ParsedNode["type"]>;
    const normalized = rule({ node, operands, issues });
    if (normalized === undefined) continue;
    values.set(node.name, { shape: normalized.shape, dtype: normalized.dtype });
    nodes.push(normalized);
  }
  return { nodes, values, issues };
}

/** Every op needs float operands except movement (any dtype) and embedding (int32 indices). */
function dtypesFit(node: SourcedNode, operands: readonly Operand[], issues: Issue[]): boolean {
  if (INT32_OK.has(node.spec.type)) return true;
  const bad = operands.find((o) => o.dtype !== "float");
  if (bad === undefined) return true;
  issues.push({
    path: bad.path,
    detail: `${node.spec.type} ${quote(node.name)} needs floats, but ${quote(bad.name)} is ${bad.dtype}`,
  });
  return false;
}

// ---- Shared by the rules ----------------------------------------------------------------------

/** `"x" [4, 3]`: an operand as messages name it. */
export function describe(operand: Pick<Operand, "name" | "shape">): string {
  return `${quote(operand.name)} ${formatShape(operand.shape)}`;
}

/** The field `key` of the node (for a layer: of its entry in "layers"). */
export function field(ctx: BaseContext, ...keys: (string | number)[]): Path {
  return [...ctx.node.path, ...keys];
}

export function fail(ctx: BaseContext, path: Path, detail: string): undefined {
  ctx.issues.push({ path, detail });
  return undefined;
}

/** A per-sample axis made non-negative, or undefined after an issue at `path` naming the operand's shape. */
export function normalizeAxis(ctx: BaseContext, axis: number, operand: Operand, path: Path): number | undefined {
  const rank = operand.shape.length;
  if (axis >= -rank && axis < rank) return axis < 0 ? axis + rank : axis;
  const range = rank === 0 ? "it has no axes" : `axes ${-rank}..${rank - 1}`;
  return fail(ctx, path, `axis ${axis} is out of range for ${describe(operand)} (rank ${rank}: ${range})`);
}

/** numpy broadcasting of per-sample shapes; undefined (after an issue naming both shapes) if they do not. */
export function broadcast(ctx: BaseContext, verb: string, operands: readonly Operand[]): number[] | undefined {
  const rank = Math.max(...operands.map((o) => o.shape.length));
  const out: number[] = [];
  for (let k = 1; k <= rank; k++) {
    const sized = operands.filter((o) => (o.shape[o.shape.length - k] ?? 1) !== 1);
    const dim = sized[0]?.shape[sized[0].shape.length - k] ?? 1;
    const other = sized.find((o) => o.shape[o.shape.length - k] !== dim);
    if (other !== undefined) {
      const [a, b] = [sized[0], other];
      const axis = k === 1 ? "the last axis" : `axis -${k}`;
      return fail(
        ctx,
        field(ctx, "inputs"),
        `cannot ${verb} ${a.name} ${formatShape(a.shape)} and ${b.name} ${formatShape(b.shape)}: the shapes do not broadcast (${a.shape[a.shape.length - k]} vs ${b.shape[b.shape.length - k]} at ${axis})`,
      );
    }
    out.unshift(dim);
  }
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
