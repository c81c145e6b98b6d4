// A small builder for one WAT function body: declared locals, indented folded instructions, unique
// labels, and i32 values that fold when constant (a number) and stay WAT text otherwise.

/** An i32 value: a compile-time constant, or WAT text computing it at run time. */
export type I32 = number | string;

export const i32 = (v: I32): string => (typeof v === "number" ? `(i32.const ${v | 0})` : v);
export const get = (name: string): string => `(local.get ${name})`;
export const set = (name: string, v: string): string => `(local.set ${name} ${v})`;

export function add(a: I32, b: I32): I32 {
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (a === 0) return b;
  if (b === 0) return a;
  return `(i32.add ${i32(a)} ${i32(b)})`;
}

export function mul(a: I32, b: I32): I32 {
  if (typeof a === "number" && typeof b === "number") return a * b;
  if (a === 0 || b === 0) return 0;
  if (a === 1) return b;
  if (b === 1) return a;
  return `(i32.mul ${i32(a)} ${i32(b)})`;
}

/** The lines of a function body under construction, and the locals they use. */
export class Body {
  readonly lines: string[] = [];
  private readonly locals = new Map<string, string>();
  private labels = 0;
  depth = 2;

  /** Declares `name` (with "$") of `type` once; returns the name. */
  local(name: string, type = "i32"): string {
    const had = this.locals.get(name);
    if (had && had !== type) throw new Error(`local ${name} is ${had}, not ${type}`);
    this.locals.set(name, type);
    return name;
  }

  emit(...statements: string[]): void {
    for (const s of statements) this.lines.push("  ".repeat(this.depth) + s);
  }

  label(stem: string): string {
    return `$${stem}${this.labels++}`;
  }

  /** `inner` nested one level deeper between `open` and `close`. */
  nest(open: string, inner: () => void, close = ")"): void {
    this.emit(open);
    this.depth++;
    inner();
    this.depth--;
    this.emit(close);
  }

  /** for (v = from; v < to; v += step) body — a test at the top (no iteration when from ≥ to). */
  forLoop(v: string, from: I32, to: I32, step: number, body: () => void): void {
    this.local(v);
    this.emit(set(v, i32(from)));
    const [out, top] = [this.label("done"), this.label("next")];
    this.nest(`(block ${out} (loop ${top}`, () => {
      this.emit(`(br_if ${out} (i32.ge_s ${get(v)} ${i32(to)}))`);
      body();
      this.emit(set(v, `(i32.add ${get(v)} (i32.const ${step}))`), `(br ${top})`);
    }, "))");
  }

  /** `body` run `count` (≥ 0) times, counting the local `v` down. */
  repeat(v: string, count: I32, body: () => void): void {
    if (count === 0) return;
    this.local(v);
    const top = this.label("step");
    const loop = () => {
      this.emit(set(v, i32(count)));
      this.nest(`(loop ${top}`, () => {
        body();
        this.emit(`(br_if ${top} (local.tee ${v} (i32.sub ${get(v)} (i32.const 1))))`);
      });
    };
    if (typeof count === "number") return loop();
    this.nest(`(if (i32.gt_s ${i32(count)} (i32.const 0)) (then`, loop, "))");
  }

  /** The declarations of every local used, for the function header. */
  declarations(): string {
    return [...this.locals].map(([name, type]) => `(local ${name} ${type})`).join(" ");
  }
}
