// Classification helpers over row-major outputs: argmax, accuracy, one-hot targets.

type Floats = Float32Array | Float64Array;

/** Index of the largest of values[offset, offset + length) (the first one on ties). */
export function argmax(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  for (let j = 1; j < length; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}

/** How many of `rows` rows have the same argmax in `outputs` and in one-hot (or soft) `targets`. */
export function countCorrect(outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number, classes: number): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    if (argmax(outputs, r * classes, classes) === argmax(targets, r * classes, classes)) correct++;
  }
  return correct;
}

/** Row-major one-hot rows for integer labels in [0, classes). */
export function oneHot<T extends Floats>(labels: ArrayLike<number>, classes: number, Typed: new (n: number) => T): T {
  const out = new Typed(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`label ${i}: expected an integer in [0, ${classes}), got ${label}`);
    }
    out[i * classes + label] = 1;
  }
  return out;
}

/**
 * counts[actual · classes + predicted]: how many of `rows` rows of one-hot (or soft) `targets`
 * labelled `actual` the `outputs` classify as `predicted` (both by argmax). Adds into `counts` when given.
 */
export function confusionMatrix(outputs: ArrayLike<number>, targets: ArrayLike<number>, rows: number, classes: number, counts = new Uint32Array(classes * classes)): Uint32Array {
  if (counts.length !== classes * classes) throw new RangeError(`counts: expected ${classes * classes} entries (classes²), got ${counts.length}`);
  for (let r = 0; r < rows; r++) counts[argmax(targets, r * classes, classes) * classes + argmax(outputs, r * classes, classes)]++;
  return counts;
}

/** The matrix as text: a row per actual class, a column per predicted class, the diagonal marked. */
export function formatConfusion(counts: ArrayLike<number>, classes: number, labels: readonly string[] = Array.from({ length: classes }, (_, i) => String(i))): string {
  const width = Math.max(4, ...Array.from(counts, (c) => String(c).length + 2), ...labels.map((l) => l.length + 1));
  const cell = (text: string) => text.padStart(width);
  const lines = [`${"actual \\ predicted".padEnd(18)}${labels.map(cell).join("")}`];
  for (let a = 0; a < classes; a++) {
    const row = Array.from({ length: classes }, (_, p) => {
      const c = counts[a * classes + p]!;
      return cell(a === p ? `[${c}]` : c === 0 ? "." : String(c));
    });
    lines.push(`${labels[a]!.padEnd(18)}${row.join("")}`);
  }
  return lines.join("\n");
}
