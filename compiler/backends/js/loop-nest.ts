// Loop nests for the JavaScript kernels: row-major strides, the strides of a broadcast read, and a
// generator of loop nests over a shape that keeps one strided offset per buffer. Pure functions.
// Invariant they rely on: "n" (the batch) is only ever a value's first axis, so every stride is a
// compile-time number and only the outermost loop has a run-time bound.
import type { Shape } from "../../ir/graph.ts";
import { broadcastAxes } from "../../ops/nd.ts";

/** Row-major strides in elements (a leading n's stride is the size of one sample). */
export function strides(shape: Shape): number[] {
  const out: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    const d = shape[i];
    s *= d === "n" ? 1 : d;
  }
  return out;
}

/** The strides with which `from` is read at each axis of `to` when broadcast to it (0 where repeated). */
export function broadcastStrides(from: Shape, to: Shape): number[] {
  const offset = to.length - from.length;
  const own = strides(from);
  const repeated = broadcastAxes(from, to);
  return to.map((_, i) => (i < offset || repeated.includes(i) ? 0 : own[i - offset]!));
}

/** A buffer walked by a loop nest: its offset variables are `${name}0`, `${name}1`, … */
export interface Walk {
  readonly name: string;
  /** Per axis of the nest's shape, in elements (0: the same element for every index). */
  readonly strides: readonly number[];
  /** The offset at index 0 (code; default "0"). */
  readonly base?: string;
}

/** One loop: its trip count (a number, times the batch when `batch`) and each walk's stride. */
interface Level {
  batch: boolean;
  size: number;
  strides: number[];
}

/**
 * Axes of size 1 dropped and adjacent axes merged where every walk steps through them as one
 * (stride[a] = stride[a+1] · size[a+1]): a copy of a contiguous block becomes one loop.
 */
export function coalesce(shape: Shape, walks: readonly Walk[]): Level[] {
  const levels: Level[] = [];
  shape.forEach((d, a) => {
    if (d === 1) return;
    const level = { batch: d === "n", size: d === "n" ? 1 : d, strides: walks.map((w) => w.strides[a]!) };
    const last = levels[levels.length - 1];
    if (last && !level.batch && last.strides.every((s, w) => s === level.strides[w]! * level.size)) {
      last.size *= level.size;
      last.strides = level.strides;
    } else levels.push(level);
  });
  return levels;
}

const tripCount = (l: Level): string => (l.batch ? (l.size === 1 ? "batch" : `batch * ${l.size}`) : String(l.size));
const plus = (base: string, index: string, stride: number): string => {
  const term = stride === 1 ? index : `${index} * ${stride}`;
  if (base === "0") return term;
  return /^\d+$/.test(base) ? `${term} + ${base}` : `${base} + ${term}`;
};

/** `head {` the lines, indented `}`: a block of generated code. */
export const block = (head: string, lines: readonly string[]): string =>
  `${head}{\n${lines.flatMap((l) => l.split("\n")).map((l) => `  ${l}`).join("\n")}\n}`;

/**
 * A loop nest over `shape`, outermost axis first, keeping each walk's offset: the outer levels bind
 * it to a constant, the innermost passes it to `body` as an expression. `index` prefixes the loop
 * variables (nests inside nests take another prefix and other walk names).
 */
export function loopNest(shape: Shape, walks: readonly Walk[], body: (offsets: readonly string[]) => string, index = "i"): string {
  const levels = coalesce(shape, walks);
  const emit = (l: number, offsets: readonly string[]): string => {
    if (l === levels.length) return body(offsets);
    const level = levels[l]!;
    const i = `${index}${l}`;
    const next = offsets.map((o, w) => (level.strides[w] === 0 ? o : plus(o, i, level.strides[w]!)));
    const head = `for (let ${i} = 0; ${i} < ${tripCount(level)}; ${i}++)`;
    if (l === levels.length - 1) return `${head} ${body(next)}`;
    // A compound offset is bound to a constant; a bare name or number is used as it is.
    const bound = walks.map((w, k) => (/^\w+$/.test(next[k]!) ? next[k]! : `${w.name}${l}`));
    const consts = walks.flatMap((w, k) => (bound[k] === next[k] ? [] : [`const ${bound[k]} = ${next[k]};`]));
    return block(`${head} `, [...consts, emit(l + 1, bound)]);
  };
  return emit(0, walks.map((w) => w.base ?? "0"));
}
