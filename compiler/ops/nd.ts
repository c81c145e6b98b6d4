// N-dimensional helpers shared by ops: row-major strides, the numpy broadcast rule, axis checks, and
// a generator of loop nests over a shape that keeps one strided offset per buffer. Pure functions.
// Invariant they rely on: "n" (the batch) is only ever a value's first axis, so every stride is a
// compile-time number and only the outermost loop has a run-time bound.
import { ShapeError } from "../errors.ts";
import { formatShape, type Dim, type Shape } from "../ir/graph.ts";

export const isBatched = (shape: Shape): boolean => shape[0] === "n";

/** Refuses "n" anywhere but the first axis. */
export function requireBatchLeading(shape: Shape, what: string): void {
  if (shape.indexOf("n", 1) >= 0) throw new ShapeError(`${what}: the batch dimension n must be the first axis, got ${formatShape(shape)}`);
}

/** Element count of the compile-time dimensions (n left out). */
export const staticSize = (shape: Shape): number => shape.reduce<number>((acc, d) => (d === "n" ? acc : acc * d), 1);

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

/** The dimensions of `shape` not in `axes`. */
export const dropAxes = (shape: Shape, axes: readonly number[]): Shape => shape.filter((_, i) => !axes.includes(i));

/** `shape` with the dimensions at `axes` set to 1 (keep-dims form of a reduction). */
export const keepDims = (shape: Shape, axes: readonly number[]): Shape => shape.map((d, i) => (axes.includes(i) ? 1 : d));

/** Axes must be distinct, increasing and within the rank; `what` names the attribute in the error. */
export function checkAxes(axes: readonly number[], shape: Shape, what: string): void {
  axes.forEach((a, i) => {
    if (a < 0 || a >= shape.length) throw new ShapeError(`${what} ${formatAxes(axes)}: axis ${a} is out of range for ${formatShape(shape)}`);
    if (i > 0 && a <= axes[i - 1]) throw new ShapeError(`${what} ${formatAxes(axes)} must be distinct and increasing`);
  });
}

export const formatAxes = (axes: readonly number[]): string => `[${axes.join(",")}]`;

/**
 * The numpy broadcast of `from` to `to` (right-aligned: a missing leading axis or a 1 broadcasts;
 * `from` may lack the n of `to`): the axes of `to` along which `from` is repeated, increasing.
 */
export function broadcastAxes(from: Shape, to: Shape): number[] {
  const offset = to.length - from.length;
  const fail = () => new ShapeError(`cannot broadcast ${formatShape(from)} to ${formatShape(to)}`);
  if (offset < 0) throw fail();
  const axes: number[] = [];
  to.forEach((d, i) => {
    const f: Dim | undefined = i < offset ? undefined : from[i - offset];
    if (f === d) return;
    if (f === undefined || f === 1) axes.push(i);
    else throw fail();
  });
  return axes;
}

/** The strides with which `from` is read at each axis of `to` when broadcast to it (0 where repeated). */
export function broadcastStrides(from: Shape, to: Shape): number[] {
  const offset = to.length - from.length;
  const own = strides(from);
  const repeated = broadcastAxes(from, to);
  return to.map((_, i) => (i < offset || repeated.includes(i) ? 0 : own[i - offset]!));
}

// ---- Loop nests -------------------------------------------------------------------------------

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
