// The samples of test/support/fd-sampled.ts: sampleLines meets every row and column of a tensor
// (every position along every axis), its first and last element, and stays inside the tensor.
import { describe, expect, it } from "vitest";
import { sampleLines } from "./fd-sampled.ts";

const TENSORS = [
  { offset: 0, length: 784 * 128, shape: [784, 128] },
  { offset: 784 * 128, length: 128, shape: [128] },
  { offset: 784 * 128 + 128, length: 2 * 3 * 5, shape: [2, 3, 5] },
];

describe("sampleLines", () => {
  const indices = sampleLines(TENSORS, 8, 29);

  it("meets every position along every axis of each tensor, and its first and last element", () => {
    for (const t of TENSORS) {
      const inside = indices.filter((i) => i >= t.offset && i < t.offset + t.length).map((i) => i - t.offset);
      expect(inside).toContain(0);
      expect(inside).toContain(t.length - 1);
      t.shape.forEach((dim, axis) => {
        const stride = t.shape.slice(axis + 1).reduce((a, d) => a * d, 1);
        const met = new Set(inside.map((i) => Math.floor(i / stride) % dim));
        expect(met.size, `axis ${axis} of [${t.shape.join(", ")}]`).toBe(dim);
      });
    }
  });

  it("is sorted, without repeats, each index in a tensor; a [784, 128] kernel costs about its rows + columns", () => {
    expect(indices).toEqual([...new Set(indices)].sort((a, b) => a - b));
    const end = TENSORS.at(-1)!;
    expect(indices.every((i) => i >= 0 && i < end.offset + end.length)).toBe(true);
    const kernel = indices.filter((i) => i < 784 * 128).length;
    expect(kernel).toBeGreaterThanOrEqual(784);
    expect(kernel).toBeLessThanOrEqual(784 + 128 + 8 + 2);
  });
});
