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
