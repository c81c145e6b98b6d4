// WebAssembly SIMD128 instruction text for one element type (f32 in f32x4, f64 in f64x2): whole and
// partial vector loads and stores (a partial one touches exactly its `count` leading lanes, never past them).
export type Dtype = "f32" | "f64";

/** WAT text (folded instructions) over v128 values of one element type. */
export class Simd {
  /** Bytes per element. */
  readonly size: number;
  /** Elements per v128. */
  readonly lanes: number;
  /** "f32x4" / "f64x2". */
  readonly vec: string;
  constructor(readonly dtype: Dtype) {
    this.size = dtype === "f32" ? 4 : 8;
    this.lanes = 16 / this.size;
    this.vec = dtype === "f32" ? "f32x4" : "f64x2";
  }

  /** One element at `addr + offset`, splat to every lane. */
  splat(addr: string, offset: number): string {
    return `(v128.load${this.size * 8}_splat${mem(offset)} ${addr})`;
  }

  /** The first `count` lanes from `addr + offset`, the others 0. */
  load(addr: string, offset: number, count: number): string {
    if (count === this.lanes) return `(v128.load${mem(offset)} ${addr})`;
    if (count * this.size === 4) return `(v128.load32_zero${mem(offset)} ${addr})`;
    if (count * this.size === 8) return `(v128.load64_zero${mem(offset)} ${addr})`;
    // three f32 lanes: two, then the third
    return `(v128.load32_lane${mem(offset + 8)} 2 ${addr} (v128.load64_zero${mem(offset)} ${addr}))`;
  }

  /** Element `lane` of `vector` replaced by the one at `addr + offset` (lane 0: the others 0). */
  loadLane(addr: string, offset: number, lane: number, vector: string): string {
    const bits = this.size * 8;
    if (lane === 0) return `(v128.load${bits}_zero${mem(offset)} ${addr})`;
    return `(v128.load${bits}_lane${mem(offset)} ${lane} ${addr} ${vector})`;
  }

  /** Statements storing the first `count` lanes of `vector` (a local.get, read more than once) at `addr + offset`. */
  store(addr: string, offset: number, count: number, vector: string): string[] {
    if (count === this.lanes) return [`(v128.store${mem(offset)} ${addr} ${vector})`];
    if (count * this.size === 4) return [`(v128.store32_lane${mem(offset)} 0 ${addr} ${vector})`];
    if (count * this.size === 8) return [`(v128.store64_lane${mem(offset)} 0 ${addr} ${vector})`];
    return [`(v128.store64_lane${mem(offset)} 0 ${addr} ${vector})`, `(v128.store32_lane${mem(offset + 8)} 2 ${addr} ${vector})`];
  }

  op(name: string, ...args: string[]): string {
    return `(${this.vec}.${name} ${args.join(" ")})`;
  }

  /** acc + x·y. */
  madd(acc: string, x: string, y: string): string {
    return this.op("add", acc, this.op("mul", x, y));
  }

  zero(): string {
    return "(v128.const i64x2 0 0)";
  }

  extract(vector: string, lane: number): string {
    return `(${this.vec}.extract_lane ${lane} ${vector})`;
  }

  /**
   * The lane sums of `lanes` vectors (local.gets; "" for none: a zero lane) as one vector: lane u
   * holds the sum of the lanes of vector u. f32: two rounds of pairwise shuffles and adds; f64: one.
   */
  laneSums(vectors: string[]): string {
    const v = vectors.map((x) => x || this.zero());
    if (this.lanes === 2) return this.op("add", shuffle(v[0]!, v[1]!, [0, 2], 8), shuffle(v[0]!, v[1]!, [1, 3], 8));
    // [a0+a2, a1+a3, b0+b2, b1+b3], then the pairs of those
    const half = (a: string, b: string) => this.op("add", shuffle(a, b, [0, 1, 4, 5], 4), shuffle(a, b, [2, 3, 6, 7], 4));
    const [t0, t1] = [half(v[0]!, v[1]!), half(v[2]!, v[3]!)];
    // t0, t1 are each read twice: the caller's locals keep the expression tree small, so bind them
    return `(${this.vec}.add ${shuffleLet("$h0", t0, "$h1", t1, [0, 2, 4, 6])} ${shuffle("(local.get $h0)", "(local.get $h1)", [1, 3, 5, 7], 4)})`;
  }
}

/** An i8x16.shuffle picking elements (of `width` bytes) by index: 0.. from a, lanes.. from b. */
function shuffle(a: string, b: string, elements: number[], width: number): string {
  const bytes = elements.flatMap((e) => Array.from({ length: width }, (_, k) => e * width + k));
  return `(i8x16.shuffle ${bytes.join(" ")} ${a} ${b})`;
}

/** shuffle(a, b) that also sets the locals $h0 = a and $h1 = b (both v128) on the way. */
function shuffleLet(n0: string, a: string, n1: string, b: string, elements: number[]): string {
  return shuffle(`(local.tee ${n0} ${a})`, `(local.tee ${n1} ${b})`, elements, 4);
}

const mem = (offset: number) => (offset ? ` offset=${offset}` : "");
