// Liveness and arena allocation: every stored value gets an offset in one flat arena; buffers
// whose lifetimes do not overlap share memory (first fit). Steps are fused groups, so values a
// group never stores take no space at all. Invariant: two buffers that are live at
// the same step never overlap, and everything backward() reads stays intact until it ends,
// so backward() may be called again.

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

/** One step of the schedule (a fused group): the values it stores and the values it reads. */
export interface Step {
  writes: readonly string[];
  reads: readonly string[];
}

/**
 * Lifetimes over the schedule `steps` (forward, loss then backward groups) of the values in
 * `lengths` (elements at maxBatch). `keep` are values read after the schedule (output, loss);
 * `firstBackward` is the index where backward starts.
 */
export function lifetimes(
  steps: readonly Step[],
  lengths: ReadonlyMap<string, number>,
  keep: ReadonlySet<string>,
  firstBackward: number,
): Lifetime[] {
  const start = new Map<string, number>();
  const end = new Map<string, number>();
  steps.forEach((step, i) => {
    for (const id of step.writes) start.set(id, i);
    for (const id of step.reads) {
      const def = start.get(id);
      if (def === undefined) continue;
      // Forward values read by backward live to the end: backward() can run twice.
      const last = i >= firstBackward && def < firstBackward ? Infinity : i;
      end.set(id, Math.max(end.get(id) ?? def, last));
    }
  });
  const out: Lifetime[] = [];
  steps.forEach((step, i) => {
    for (const id of step.writes) {
      const length = lengths.get(id);
      if (length === undefined) continue;
      out.push({ id, length: Math.max(1, length), start: i, end: keep.has(id) ? Infinity : (end.get(id) ?? i) });
    }
  });
  return out;
}

/**
 * First-fit placement, buffers that are kept to the end first (in definition order, they form
 * the bottom of the arena), then the others largest first, each at the lowest offset free of
 * every buffer whose lifetime overlaps its own. Placements are returned in definition order.
 */
export function place(buffers: Lifetime[]): { placements: Placement[]; size: number } {
  // Array.prototype.sort is stable: ties keep definition order.
  const order = buffers
    .map((buf, index) => ({ buf, index }))
    .sort((a, b) => {
      const keptA = a.buf.end === Infinity ? 0 : 1;
      const keptB = b.buf.end === Infinity ? 0 : 1;
      return keptA - keptB || (keptA === 0 ? 0 : b.buf.length - a.buf.length);
    });
  const placed: (Placement & { index: number })[] = [];
  let size = 0;
  for (const { buf, index } of order) {
    const busy = placed
      .filter((p) => p.start <= buf.end && buf.start <= p.end) // live at the same time
      .sort((a, b) => a.offset - b.offset);
    let offset = 0;
    for (const p of busy) {
      if (p.offset - offset >= buf.length) break;
      offset = Math.max(offset, p.offset + p.length);
    }
    placed.push({ ...buf, offset, index });
    size = Math.max(size, offset + buf.length);
  }
  const placements = placed.sort((a, b) => a.index - b.index).map(({ index: _, ...p }) => p);
  return { placements, size };
}
