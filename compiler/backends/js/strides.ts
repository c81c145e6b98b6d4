// Loop nests for the strided kernels (transpose, dot_general; row-major strides come from
// loop-nest.ts): nested loops over axes whose offsets into each buffer are sums of index · stride.
// Invariant: only a value's leading axis may be "n", so every stride is a compile-time number.
import type { Dim, Shape } from "../../ir/graph.ts";

/** One loop of a nest: its extent and the stride it moves each buffer by (0: not indexed). */
export interface LoopAxis {
  readonly size: readonly Dim[];
  readonly strides: readonly number[];
}

/**
 * Merges neighbouring axes that every buffer walks contiguously (stride of the outer = stride of
 * the inner × its extent) and drops axes of extent 1: fewer, longer loops.
 */
export function collapse(axes: readonly LoopAxis[]): LoopAxis[] {
  const out: LoopAxis[] = [];
  for (const axis of axes) {
    if (axis.size.every((d) => d === 1)) continue;
    const last = out[out.length - 1];
    const extent = axis.size.reduce<number>((a, d) => a * (d === "n" ? NaN : d), 1);
    if (last && last.strides.every((s, k) => s === axis.strides[k]! * extent)) {
      out[out.length - 1] = { size: [...last.size, ...axis.size], strides: axis.strides };
    } else out.push(axis);
  }
  return out;
}

/** `base + index · stride` as short code. */
export function offset(base: string, index: string, stride: number): string {
  const term = stride === 1 ? index : `${index} * ${stride}`;
  if (stride === 0) return base;
  return base === "0" ? term : `${base} + ${term}`;
}

export interface Nest {
  /** Loop variables' prefix (one loop per axis: p, or p0, p1, … for several). */
  readonly name: string;
  readonly axes: readonly LoopAxis[];
  /** Each buffer's offset before the nest, as code. */
  readonly from: readonly string[];
  /** Each buffer's short name, used to name its offsets inside the nest. */
  readonly buffers: readonly string[];
}

/**
 * Nested loops over `axes`, outermost first; `body` gets each buffer's offset as code, kept in a
 * local (`<buffer><loop variable>`) unless `inline`, where the innermost loop writes it out.
 */
export function nest(n: Nest, size: (dims: Shape) => string, body: (at: readonly string[]) => string, inline = false): string {
  const go = (t: number, at: readonly string[]): string => {
    if (t === n.axes.length) return body(at);
    const axis = n.axes[t]!;
    const v = n.axes.length === 1 ? n.name : `${n.name}${t}`;
    const next = at.map((base, k) => offset(base, v, axis.strides[k]!));
    let inner: string;
    if (inline && t === n.axes.length - 1) inner = body(next);
    else {
      const locals = next.map((code, k) => (/^\w+$/.test(code) ? code : `${n.buffers[k]}${v}`));
      const decls = next.flatMap((code, k) => (locals[k] === code ? [] : [`const ${locals[k]} = ${code};`]));
      inner = [...decls, go(t + 1, locals)].join("\n");
    }
    return `for (let ${v} = 0; ${v} < ${size(axis.size)}; ${v}++) {\n${inner}\n}`;
  };
  return go(0, n.from);
}
