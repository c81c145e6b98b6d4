// What the JavaScript backend knows about one op: an elementwise expression the emitter fuses into
// loops, or a kernel that writes the op's whole output buffer. The table is rules.ts.
import type { Attrs, Shape } from "../../ir/graph.ts";

/** What a kernel emitter gets: variable names of the buffers and their shapes. */
export interface KernelContext {
  readonly out: string;
  readonly ins: readonly string[];
  readonly outShape: Shape;
  readonly inShapes: readonly Shape[];
  readonly attrs: Attrs;
  /** A dimension as a code expression (n → the batch variable). */
  dim(d: number | "n"): string;
  /** The element count of a shape (or of a slice of it) as a code expression. */
  size(shape: Shape): string;
  /** A module-level constant array holding `values` (one per distinct table), by name. */
  constant(hint: string, values: readonly number[]): string;
  /**
   * Kernels of ops with `epilogue` (ops/define.ts): the statements storing the op's value `value` at
   * element offset `at` of the output, whose last-axis index (column) is `column`. With an
   * elementwise tail fused (a bias, an activation), they apply it first; without one, `out[at] = value;`.
   */
  store?(at: string, column: string, value: string): string;
}

/** An elementwise op: one scalar expression per element, fused into a loop by the emitter. */
export interface ElementwiseEmit {
  readonly kind: "elementwise";
  expr(args: readonly string[], attrs: Attrs): string;
  /** Module-level helper functions the expression calls (emitted once per module). */
  readonly helpers?: Readonly<Record<string, string>>;
}

/** What a fused loop tells an op it computes per element: shapes, attributes, the batch. */
export type ElementContext = Pick<KernelContext, "inShapes" | "outShape" | "attrs" | "dim">;

/** Any other op: it writes its whole output buffer itself. */
export interface KernelEmit {
  readonly kind: "kernel";
  code(k: KernelContext): string;
  /**
   * Constants and movement ops spreading a scalar (a broadcast of the seed ∂L/∂L): the value at any
   * element from the scalar source's, so a fused loop computes it once instead of storing it.
   */
  element?(args: readonly string[], k: ElementContext): string;
  /** Reductions a fused loop accumulates element by element: start, step, result over `count` elements. */
  readonly accumulate?: Accumulator;
}

export interface Accumulator {
  readonly init: string;
  step(acc: string, v: string): string;
  result(acc: string, count: string): string;
}

/** How the JavaScript backend emits one op. */
export type JsRule = ElementwiseEmit | KernelEmit;

/** A kernel rule from its code generator. */
export const kernel = (code: (k: KernelContext) => string): KernelEmit => ({ kind: "kernel", code });

/** Kernel helper: the row count (product of all but the last dim) and the row length. */
export function rowsAndCols(k: KernelContext, shape: Shape): [string, string] {
  return [k.size(shape.slice(0, -1)), k.dim(shape[shape.length - 1])];
}

/** A divisor as prettier prints it after `/`: a compound one in parentheses, a name or number bare. */
export const divisor = (code: string): string => (/^[\w.]+$/.test(code) ? code : `(${code})`);
