// Liveness and arena allocation: every node gets an offset in one flat arena; buffers whose
// lifetimes do not overlap share memory (first fit). Invariant: two buffers that are live at
// the same step never overlap, and everything backward() reads stays intact until it ends,
// so backward() may be called again.
import { shapeSize, type Node } from "../../ir/graph.ts";

export interface Lifetime {
  id: string;
  length: number;
  /** Step that defines the buffer and the last step that reads it (Infinity: kept). */
  start: number;
  end: number;
}

export interface Placement extends Lifetime {
  offset: number;
}

/**
 * Lifetimes over the schedule `steps` (forward, loss then backward nodes). `keep` are values
 * read after the schedule (output, loss); `firstBackward` is the index where backward starts.
 */
export function lifetimes(steps: Node[], maxBatch: number, keep: Set<string>, firstBackward: number): Lifetime[] {
  const index = new Map(steps.map((n, i) => [n.id, i]));
  const end = new Map<string, number>();
  steps.forEach((n, i) => {
    for (const id of n.inputs) {
      const def = index.get(id);
      if (def === undefined) continue;
      // Forward values read by backward live to the end: backward() can run twice.
      const last = i >= firstBackward && def < firstBackward ? Infinity : i;
      end.set(id, Math.max(end.get(id) ?? def, last));
    }
  });
  return steps.map((n, i) => ({
    id: n.id,
    length: Math.max(1, shapeSize(n.shape, maxBatch)),
    start: i,
    end: keep.has(n.id) ? Infinity : (end.get(n.id) ?? i),
  }));
}

/** First-fit placement in definition order. */
export function place(buffers: Lifetime[]): { placements: Placement[]; size: number } {
  const placements: Placement[] = [];
  let size = 0;
  for (const buf of buffers) {
    const busy = placements
      .filter((p) => p.end >= buf.start) // still live when buf is written
      .sort((a, b) => a.offset - b.offset);
    let offset = 0;
    for (const p of busy) {
      if (p.offset - offset >= buf.length) break;
      offset = Math.max(offset, p.offset + p.length);
    }
    placements.push({ ...buf, offset });
    size = Math.max(size, offset + buf.length);
  }
  return { placements, size };
}
