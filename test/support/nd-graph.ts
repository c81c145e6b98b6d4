// The graph builder behind the N-D fuzz arbitrary (nd-arbitrary.ts): a tape of random choices
// (plain integers from fast-check; an exhausted tape reads 0, and 0 is always the simplest choice,
// so shrinking the tape toward zeros and removing entries simplifies the graph), and a spec under
// construction that tracks every value's per-sample shape and dtype, so each node it adds is valid
// by construction. `coerce` turns any float value into any shape (a reshape, a slice, or a dense
// layer), which lets an op that needs a particular operand shape take any value of the graph.

export type Shape = number[];
export interface Val {
  name: string;
  shape: Shape;
  int: boolean;
}
export type Json = Record<string, unknown>;

export const sizeOf = (s: readonly number[]) => s.reduce((a, d) => a * d, 1);
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

export class Tape {
  private i = 0;
  constructor(private readonly r: readonly number[]) {}
  /** 0..n-1 (0 when the tape is exhausted). */
  int(n: number): number {
    const v = this.r[this.i++] ?? 0;
    return n <= 1 ? 0 : v % n;
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** True with probability 1/k (false on an exhausted tape). */
  oneIn(k: number): boolean {
    return this.int(k) === k - 1;
  }
  dim(): number {
    return this.range(2, 4);
  }
  shape(minRank = 1, maxRank = 3): Shape {
    return Array.from({ length: this.range(minRank, maxRank) }, () => this.dim());
  }
  /** An axis of a rank-r value, written non-negative or negative (from the end). */
  axis(rank: number): number {
    const a = this.int(rank);
    return this.oneIn(2) ? a - rank : a;
  }
  /** A random permutation of 0..n-1. */
  perm(n: number): number[] {
    const rest = Array.from({ length: n }, (_, i) => i);
    const out: number[] = [];
    while (rest.length > 0) out.push(rest.splice(this.int(rest.length), 1)[0]!);
    return out;
  }
}

export class GraphBuilder {
  readonly inputs: Record<string, unknown> = {};
  readonly targets: Record<string, unknown> = {};
  readonly nodes: Record<string, Json> = {};
  /** Inputs and nodes that do not read targets, in creation order. */
  readonly values: Val[] = [];
  readonly uses = new Map<string, number>();
  private count = 0;

  input(shape: Shape, int = false): Val {
    const name = int ? `tok${Object.keys(this.inputs).length}` : `x${Object.keys(this.inputs).length}`;
    this.inputs[name] = int ? { shape, dtype: "int32" } : shape;
    const v = { name, shape, int };
    this.values.push(v);
    return v;
  }

  target(shape: Shape, int = false): Val {
    const name = `y${Object.keys(this.targets).length}`;
    this.targets[name] = int ? { shape, dtype: "int32" } : shape;
    return { name, shape, int };
  }

  /** Adds a node (named after its type) reading `reads`; `lossOnly` keeps it out of `values`. */
  node(node: Json, reads: readonly Val[], shape: Shape, options: { int?: boolean; lossOnly?: boolean } = {}): Val {
    const name = `${String(node.type)}${this.count++}`;
    this.nodes[name] = node;
    for (const r of reads) this.uses.set(r.name, (this.uses.get(r.name) ?? 0) + 1);
    const v = { name, shape, int: options.int ?? false };
    if (!options.lossOnly) this.values.push(v);
    return v;
  }

  /** A float value (most recent first, so 0 picks the newest) of rank ≥ minRank; made if none exists. */
  source(t: Tape, minRank = 0, maxRank = 3): Val {
    const ok = this.values.filter((v) => !v.int && v.shape.length >= minRank && v.shape.length <= maxRank).reverse();
    if (ok.length > 0) return t.pick(ok);
    return this.coerce(t, this.source(t), t.shape(Math.max(1, minRank), maxRank));
  }

  /** Any float value of exactly `shape`: an existing one of that shape (fan-out), a constant, or a coerced value. */
  operand(t: Tape, shape: Shape, allowConstant = true): Val {
    const exact = this.values.filter((v) => !v.int && same(v.shape, shape)).reverse();
    const choice = t.int(allowConstant ? 3 : 2);
    if (choice === 0 && exact.length > 0) return t.pick(exact);
    if (choice === 2) return this.constant(t, shape);
    return this.coerce(t, this.source(t), shape);
  }

  /** A constant of `shape`: a number or a nested array, its entries distinct and off zero. */
  constant(t: Tape, shape: Shape): Val {
    const start = t.range(1, 9);
    let k = 0;
    const build = (axis: number): unknown =>
      axis === shape.length ? ((k++ % 2 === 0 ? 1 : -1) * (start + 7 * k)) / 20 : Array.from({ length: shape[axis]! }, () => build(axis + 1));
    return this.node({ type: "constant", value: build(0) }, [], shape);
  }

  /** `v` turned into `shape`: itself, a reshape (same size), a slice (room on every axis), or a dense layer. */
  coerce(t: Tape, v: Val, shape: Shape): Val {
    if (same(v.shape, shape)) return v;
    if (sizeOf(v.shape) === sizeOf(shape)) return this.reshape(t, v, shape);
    if (v.shape.length === shape.length && v.shape.every((d, i) => d >= shape[i]!)) {
      const begin = v.shape.map((d, i) => t.int(d - shape[i]! + 1));
      const size = shape.map((d, i) => (begin[i]! + d === v.shape[i] && t.oneIn(2) ? -1 : d));
      return this.node({ type: "slice", input: v.name, begin, size }, [v], shape);
    }
    // A dense layer maps the last axis: directly if the leading axes agree, else through a flat vector.
    const lead = shape.slice(0, -1);
    if (shape.length > 0 && v.shape.length === shape.length && same(v.shape.slice(0, -1), lead)) return this.dense(t, v, shape.at(-1)!);
    const flat = v.shape.length === 1 ? v : this.reshape(t, v, [sizeOf(v.shape)]);
    return this.reshape(t, this.dense(t, flat, sizeOf(shape)), shape);
  }

  reshape(t: Tape, v: Val, shape: Shape): Val {
    if (same(v.shape, shape)) return v;
    if (shape.length === 1 && v.shape.length > 1 && t.oneIn(2)) return this.node({ type: "flatten", input: v.name }, [v], shape, { int: v.int });
    const free = shape.length > 0 && t.oneIn(3) ? t.int(shape.length) : -1;
    const written = shape.map((d, i) => (i === free ? -1 : d));
    return this.node({ type: "reshape", input: v.name, shape: written }, [v], shape, { int: v.int });
  }

  dense(t: Tape, v: Val, units: number, extra: Json = { activation: "tanh" }): Val {
    const node: Json = { type: "dense", input: v.name, units, ...extra };
    if (t.oneIn(4)) node.useBias = false;
    return this.node(node, [v], [...v.shape.slice(0, -1), units]);
  }

  /** A value with positive entries computed from `v` (for log, sqrt and divisors): away from 0. */
  positive(t: Tape, v: Val): Val {
    const c = (x: number) => this.node({ type: "constant", value: x }, [], []);
    switch (t.int(3)) {
      case 0: {
        const sq = this.node({ type: "square", input: v.name }, [v], v.shape);
        const k = c(0.5);
        return this.node({ type: "add", inputs: [sq.name, k.name] }, [sq, k], v.shape);
      }
      case 1:
        return this.node({ type: "exp", input: v.name }, [v], v.shape);
      default: {
        const sp = this.node({ type: "softplus", input: v.name }, [v], v.shape);
        const k = c(0.25);
        return this.node({ type: "add", inputs: [k.name, sp.name] }, [sp, k], v.shape);
      }
    }
  }
}

/** numpy broadcasting of per-sample shapes (trailing axes aligned), or undefined. */
export function broadcastShapes(a: Shape, b: Shape): Shape | undefined {
  const rank = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(Math.max(x, y));
  }
  return out;
}
