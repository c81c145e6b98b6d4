// Liveness and first-fit placement on small hand-made schedules whose answers are worked out in the
// comments: when a forward value must outlive backward(), which buffers may share memory, the
// order buffers are placed in, and a free gap exactly as long as the buffer.
import { describe, expect, it } from "vitest";
import { lifetimes, place, type Lifetime, type Step } from "../../../../compiler/phases/4-plan/arena.ts";

const step = (writes: string[], reads: string[] = []): Step => ({
  writes,
  reads,
});
const buf = (id: string, length: number, start: number, end: number): Lifetime => ({ id, length, start, end });

describe("lifetimes", () => {
  const LIFETIME_CASES: {
    title: string;
    steps: Step[];
    lengths: Record<string, number>;
    keep?: string[];
    firstBackward: number;
    expected: Record<string, [number, number]>;
  }[] = [
    {
      // b is read only by the very first backward step: a second backward() reads it again
      title: "a forward value read first by the first backward step lives to the end",
      steps: [step(["a"]), step(["b"], ["a"]), step(["c"], ["b"])],
      lengths: { a: 4, b: 4, c: 4 },
      firstBackward: 2,
      expected: { a: [0, 1], b: [1, Infinity], c: [2, 2] },
    },
    {
      // c is written by the first backward step and read by the next one: backward values are
      // recomputed by every backward(), so c ends at its last reader
      title: "a value defined by the first backward step ends at its last reader",
      steps: [step(["a"]), step(["c"], ["a"]), step(["d"], ["c"]), step(["e"], ["d"])],
      lengths: { a: 4, c: 4, d: 4, e: 4 },
      firstBackward: 1,
      expected: { a: [0, Infinity], c: [1, 2], d: [2, 3], e: [3, 3] },
    },
    {
      title: "forward values read only in forward end at their last reader; kept values never end",
      steps: [step(["a"]), step(["b"], ["a"]), step(["c"], ["a", "b"]), step(["d"], ["x"])],
      lengths: { a: 2, b: 2, c: 2, d: 2 },
      keep: ["c"],
      firstBackward: 3,
      expected: { a: [0, 2], b: [1, 2], c: [2, Infinity], d: [3, 3] },
    },
    {
      // x (an input) and p (a parameter) have no length: they are not in the arena
      title: "values without a length are not placed, and a read before any write is not a use",
      steps: [step(["p"], ["x"]), step(["a"], ["p", "x"])],
      lengths: { a: 0 },
      firstBackward: 2,
      expected: { a: [1, 1] },
    },
  ];

  it.each(LIFETIME_CASES)("$title", ({ steps, lengths, keep = [], firstBackward, expected }) => {
    const out = lifetimes(steps, new Map(Object.entries(lengths)), new Set(keep), firstBackward);
    expect(Object.fromEntries(out.map((l) => [l.id, [l.start, l.end]]))).toEqual(expected);
    for (const l of out) expect(l.length).toBe(Math.max(1, lengths[l.id]!));
  });
});

/** Buffers live at a common step never share an element. */
function expectNoLiveOverlap(
  placements: {
    id: string;
    offset: number;
    length: number;
    start: number;
    end: number;
  }[],
): void {
  for (const p of placements) {
    for (const q of placements) {
      if (p === q || p.end < q.start || q.end < p.start) continue;
      expect(p.offset + p.length <= q.offset || q.offset + q.length <= p.offset, `${p.id} and ${q.id} overlap`).toBe(true);
    }
  }
}

describe("place", () => {
  const PLACE_CASES: {
    title: string;
    buffers: Lifetime[];
    offsets: Record<string, number>;
    size: number;
  }[] = [
    {
      // a and b never live at once: b reuses a's memory
      title: "buffers whose lifetimes do not overlap share memory",
      buffers: [buf("a", 4, 0, 1), buf("b", 4, 2, 3)],
      offsets: { a: 0, b: 0 },
      size: 4,
    },
    {
      // kept buffers go first, in definition order (k1 is shorter but defined first); then the
      // others, largest first: big (4) before small (1), though small is defined first
      title: "kept buffers first in definition order, then the largest first",
      buffers: [buf("small", 1, 0, 2), buf("k1", 1, 0, Infinity), buf("big", 4, 1, 2), buf("k2", 3, 1, Infinity)],
      offsets: { k1: 0, k2: 1, big: 4, small: 8 },
      size: 9,
    },
    {
      // equal lengths: definition order decides, so first is below second
      title: "equal lengths are placed in definition order",
      buffers: [buf("first", 2, 0, 3), buf("second", 2, 1, 3), buf("third", 2, 2, 3)],
      offsets: { first: 0, second: 2, third: 4 },
      size: 6,
    },
    {
      // x kept at [0, 2); w at [2, 4) dies at step 1; y at [4, 6) lives on; z (steps 2..9) fits
      // exactly into w's old place between x and y
      title: "a free gap exactly as long as the buffer is used",
      buffers: [buf("x", 2, 0, Infinity), buf("w", 2, 0, 1), buf("y", 2, 0, 9), buf("z", 2, 2, 9)],
      offsets: { x: 0, w: 2, y: 4, z: 2 },
      size: 6,
    },
    {
      // a [0, 4) dies at step 1; y [4, 7) is placed next; q (steps 2..9) takes a's old place at 0;
      // z (steps 5..9) must look at q (offset 0) before y (offset 4) although y was placed first
      title: "the free gap is found among live buffers in offset order, not placement order",
      buffers: [buf("a", 4, 0, 1), buf("y", 3, 0, 9), buf("q", 2, 2, 9), buf("z", 1, 5, 9)],
      offsets: { a: 0, y: 4, q: 0, z: 2 },
      size: 7,
    },
  ];

  it.each(PLACE_CASES)("$title", ({ buffers, offsets, size }) => {
    const out = place(buffers);
    expect(out.placements.map((p) => p.id)).toEqual(buffers.map((b) => b.id)); // definition order
    expect(Object.fromEntries(out.placements.map((p) => [p.id, p.offset]))).toEqual(offsets);
    expect(out.size).toBe(size);
    expectNoLiveOverlap(out.placements);
  });
});
