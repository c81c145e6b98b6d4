// Mini-batches copied into buffers allocated once: iterating epochs allocates nothing.
// Invariant: after fill(b), rows [0, count) of `inputs`/`targets` hold samples order[b·size ...].
import { shuffleInPlace } from "./random.ts";

type Floats = Float32Array | Float64Array;

export interface Dataset<T extends Floats = Floats> {
  /** Row-major [samples, inputSize]. */
  inputs: T;
  /** Row-major [samples, targetSize]. */
  targets: T;
  inputSize: number;
  targetSize: number;
}

export class Batches<T extends Floats = Floats> {
  /** The current batch: inputs and targets, `batchSize` rows each. */
  readonly inputs: T;
  readonly targets: T;
  readonly samples: number;
  /** Sample order of the current epoch. */
  readonly order: Uint32Array;

  constructor(
    readonly data: Dataset<T>,
    readonly batchSize: number,
  ) {
    this.samples = data.inputs.length / data.inputSize;
    if (!Number.isInteger(this.samples) || this.samples * data.targetSize !== data.targets.length) {
      throw new RangeError(
        `dataset: ${data.inputs.length} input values and ${data.targets.length} target values do not make whole rows of ${data.inputSize} and ${data.targetSize}`,
      );
    }
    const Typed = data.inputs.constructor as new (n: number) => T;
    this.inputs = new Typed(batchSize * data.inputSize);
    this.targets = new Typed(batchSize * data.targetSize);
    this.order = new Uint32Array(this.samples);
    for (let i = 0; i < this.samples; i++) this.order[i] = i;
  }

  /** Batches per epoch (the last one may be partial). */
  get count(): number {
    return Math.ceil(this.samples / this.batchSize);
  }

  /** A new sample order for the next epoch; without `random` the order stays as is. */
  shuffle(random?: () => number): void {
    if (random) shuffleInPlace(this.order, random);
  }

  /** Copies batch `index` into `inputs` / `targets`; returns its row count. */
  fill(index: number): number {
    const { inputs, targets, inputSize, targetSize } = this.data;
    const start = index * this.batchSize;
    const rows = Math.min(this.batchSize, this.samples - start);
    for (let r = 0; r < rows; r++) {
      const sample = this.order[start + r];
      copyRow(inputs, sample * inputSize, this.inputs, r * inputSize, inputSize);
      copyRow(targets, sample * targetSize, this.targets, r * targetSize, targetSize);
    }
    return rows;
  }
}

/** A plain loop: `set(subarray(...))` would allocate a view per row. */
function copyRow(from: Floats, fromOffset: number, to: Floats, toOffset: number, length: number): void {
  for (let j = 0; j < length; j++) to[toOffset + j] = from[fromOffset + j];
}
