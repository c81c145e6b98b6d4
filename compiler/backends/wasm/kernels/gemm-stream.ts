// Address streams of a tile's inner loop: `count` addresses base + t·between that all move by `step`
// bytes per step of the shared dimension. A constant `between` is one pointer and memarg offsets;
// a run-time one (the batch) one pointer per address.
import { add, get, i32, mul, set, type Body, type I32 } from "./wat.ts";

export class Stream {
  private readonly names: string[];
  constructor(private readonly f: Body, name: string, private readonly count: number, private readonly between: I32, private readonly step: I32) {
    const own = typeof between === "number" ? 1 : count;
    this.names = Array.from({ length: own }, (_, t) => f.local(`$${name}${own > 1 ? t : ""}`));
  }

  /** Statements pointing the stream at `base` (WAT i32 text). */
  start(base: I32): string[] {
    if (this.names.length === 1) return [set(this.names[0]!, i32(base))];
    return this.names.map((n, t) => set(n, i32(t === 0 ? base : add(get(this.names[0]!), mul(t, this.between)))));
  }

  /** Address t as a pointer and a constant offset; `ahead` steps of the shared dimension further (constant steps only). */
  at(t: number, ahead = 0): [string, number] {
    const skip = ahead === 0 ? 0 : (this.step as number) * ahead;
    if (this.names.length === 1) return [get(this.names[0]!), t * (this.between as number) + skip];
    return [get(this.names[t]!), skip];
  }

  /** Statements moving the stream `times` steps on. */
  advance(times = 1): string[] {
    return this.names.map((n) => set(n, i32(add(get(n), mul(this.step, times)))));
  }

  get size(): number {
    return this.count;
  }

  /** Whether a step is a constant (so steps ahead are memarg offsets). */
  get constantStep(): boolean {
    return typeof this.step === "number";
  }
}
