// N-dimensional shape helpers shared by ops: the batch-leading rule, the numpy broadcast rule and
// axis checks. Pure functions. (Strides and loop nests are code generation: backends/js/loop-nest.ts.)
// Invariant they rely on: "n" (the batch) is only ever a value's first axis.
import { ShapeError } from "../errors.ts";
import { formatShape, type Dim, type Shape } from "../ir/graph.ts";

export const isBatched = (shape: Shape): boolean => shape[0] === "n";

/** Refuses "n" anywhere but the first axis. */
export function requireBatchLeading(shape: Shape, what: string): void {
  if (shape.indexOf("n", 1) >= 0) throw new ShapeError(`${what}: the batch dimension n must be the first axis, got ${formatShape(shape)}`);
}

/** Element count of the compile-time dimensions (n left out). */
export const staticSize = (shape: Shape): number => shape.reduce<number>((acc, d) => (d === "n" ? acc : acc * d), 1);

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
