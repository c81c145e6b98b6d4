// Matrix-product kernels specialized at compile time: C = op(A)·op(B) with op(M) = Mᵀ by the
// ta / tb flags, as a module-level function with constant bounds and strides (only the batch
// dimension is a run-time value). C is computed in register tiles of ri × rj accumulators
// (local doubles, stored once), the inner loop walking the shared dimension with one load per
// tile row and column; an elementwise epilogue (bias, activation, activation derivative) is
// applied to each accumulator before its single store. The tile shape comes from the plan.
import type { Dim } from "../../../ir/graph.ts";
import type { ElementCode } from "./expr.ts";

export interface GemmShape {
  /** C is [M, N]; the shared dimension is K. */
  M: Dim;
  N: Dim;
  K: Dim;
  ta: boolean;
  tb: boolean;
  /** Register tile: rows × columns of C per inner loop. */
  ri: number;
  rj: number;
}

/** An elementwise tail applied to each accumulator before it is stored. */
export interface Epilogue {
  /** The extra arrays it reads, as kernel parameters e0, e1, …: per element, per column, or once. */
  args: readonly ("same" | "column" | "scalar")[];
  /** The column vector (a bias) the accumulators start from, or -1. */
  biasInit: number;
  /** One element: `acc` the accumulator, `load(k)` the code reading argument k at this element. */
  element(acc: string, load: (arg: number) => string, temp: () => string): ElementCode;
  /** Words for the kernel's name: "bias_relu". */
  tag: string;
}

const dimCode = (d: Dim) => (d === "n" ? "batch" : String(d));

/** a + b, folded when both are numbers and 0 dropped. */
function plus(a: string | number, b: string | number): string {
  if (typeof a === "number" && typeof b === "number") return String(a + b);
  if (a === 0 || a === "0") return String(b);
  if (b === 0 || b === "0") return String(a);
  return `${a} + ${b}`;
}

/** a · b, folded when both are numbers, 1 and 0 simplified. */
function times(a: string | number, b: string | number): string | number {
  if (typeof a === "number" && typeof b === "number") return a * b;
  if (a === 0 || b === 0) return 0;
  if (a === 1) return b;
  if (b === 1) return a;
  return `${a} * ${b}`;
}

const numeric = (d: Dim): string | number => (d === "n" ? "batch" : d);

/** The kernel function's parameters and body (without name), and a one-line description. */
/**
 * `layout`: "ignored" for a module-level kernel under `// prettier-ignore` (a tile row per line),
 * "canonical" for a product written inline (one statement per line, as prettier prints it; the
 * caller indents it). `expr` gives an epilogue expression its final form.
 */
export function gemmKernel(
  shape: GemmShape,
  ep: Epilogue | null,
  typed: string,
  layout: "ignored" | "canonical" = "ignored",
  expr: (code: string) => string = (code) => code,
): { params: string; body: string; doc: string } {
  const canonical = layout === "canonical";
  const { M, N, K, ta, tb, ri, rj } = shape;
  const [m, n, k] = [numeric(M), numeric(N), numeric(K)];
  const epArgs = ep?.args ?? [];
  const usesBatch = M === "n" || N === "n" || K === "n";
  const params = [
    `A: ${typed}`,
    `B: ${typed}`,
    ...epArgs.map((_, i) => `e${i}: ${typed}`),
    `C: ${typed}`,
    ...(usesBatch ? ["batch: number"] : []),
  ].join(", ");

  // The kernel is emitted already laid out (prettier leaves it alone): one line per tile row,
  // so a tile reads as the small matrix it computes.
  const out: string[] = [];
  const line = (depth: number, text: string) => out.push("  ".repeat(depth) + text);
  /** A declaration list: on one line, or (canonical) one declarator per line after the first. */
  const declare = (depth: number, keyword: string, list: string) => {
    const items = list.split(", ");
    if (!canonical || items.length === 1) return line(depth, `${keyword} ${list};`);
    items.forEach((item, k) => line(depth, `${k === 0 ? `${keyword} ` : ""}${item}${k === items.length - 1 ? ";" : ","}`));
  };
  /** Statements of one tile row, wrapped at about 150 columns. */
  const row = (depth: number, statements: string[]) => {
    if (canonical) return statements.forEach((st) => line(depth, st));
    let current = "";
    for (const st of statements) {
      // Measured without the `!` marks (type-level only), so marks do not move a line break.
      if (current && unmarked(current) + unmarked(st) > 150) (line(depth, current), (current = ""));
      current = current ? `${current} ${st}` : st;
    }
    if (current) line(depth, current);
  };

  const tile = (depth: number, rows: number, cols: number, iCode: string, jCode: string, header = "") => {
    const [i, j] = [asNumber(iCode), asNumber(jCode)];
    const bias = ep && ep.biasInit >= 0 ? ep.biasInit : -1;
    line(depth, `${header}{`);
    const d = depth + 1;
    if (bias >= 0) declare(d, "const", range(cols, (u) => `b${u} = e${bias}[${plus(j, u)}]!`));
    for (let t = 0; t < rows; t++) declare(d, "let", range(cols, (u) => `c${t}_${u} = ${bias >= 0 ? `b${u}` : "0"}`));
    const aBase = ta ? i : times(i, k);
    const bBase = tb ? times(j, k) : j;
    const step = (v: string, by: string | number) => (by === 1 ? `${v}++` : `${v} += ${by}`);
    line(d, `for (let p = 0, a = ${aBase}, b = ${bBase}; p < ${dimCode(K)}; p++, ${step("a", ta ? m : 1)}, ${step("b", tb ? 1 : n)}) {`);
    declare(d + 1, "const", range(rows, (t) => `x${t} = A[${plus("a", ta ? t : times(t, k))}]!`));
    declare(d + 1, "const", range(cols, (u) => `w${u} = B[${plus("b", tb ? times(u, k) : u)}]!`));
    for (let t = 0; t < rows; t++) row(d + 1, Array.from({ length: cols }, (_, u) => `c${t}_${u} += x${t} * w${u};`));
    line(d, "}");
    line(d, `const o = ${plus(times(i, n), j)};`);
    for (let t = 0; t < rows; t++) {
      const stores: string[] = [];
      for (let u = 0; u < cols; u++) {
        const at = plus("o", plus(times(t, n), u));
        const acc = `c${t}_${u}`;
        if (!ep) {
          stores.push(`C[${at}] = ${acc};`);
          continue;
        }
        const load = (arg: number) => {
          const role = epArgs[arg];
          return role === "scalar" ? `s${arg}` : role === "column" ? `e${arg}[${plus(j, u)}]!` : `e${arg}[${at}]!`;
        };
        let temps = 0;
        const code = ep.element(acc, load, () => `v${temps++}`);
        const body = [...code.temps.map((tv) => `const ${tv.name} = ${expr(tv.code)};`), `C[${at}] = ${expr(code.expr)};`];
        if (code.temps.length === 0) stores.push(body[0]!);
        else if (canonical) stores.push("{", ...body, "}");
        else stores.push(`{ ${body.join(" ")} }`);
      }
      row(d, stores);
    }
    line(depth, "}");
  };

  /** Tiles covering the columns of a band of `rows` rows starting at row `i`. */
  const band = (depth: number, rows: number, i: string) => {
    if (N === "n") {
      line(depth, `const nMain = batch - (batch % ${rj});`);
      tile(depth, rows, rj, i, "j", `for (let j = 0; j < nMain; j += ${rj}) `);
      tile(depth, rows, 1, i, "j", "for (let j = nMain; j < batch; j++) ");
      return;
    }
    const full = Math.floor(N / rj);
    if (full === 1) tile(depth, rows, rj, i, "0");
    else if (full > 1) tile(depth, rows, rj, i, "j", `for (let j = 0; j < ${full * rj}; j += ${rj}) `);
    if (N % rj) tile(depth, rows, N % rj, i, String(full * rj));
  };

  epArgs.forEach((role, a) => {
    if (role === "scalar") line(1, `const s${a} = e${a}[0]!;`);
  });
  if (M === "n") {
    if (ri === 1) {
      line(1, "for (let i = 0; i < batch; i++) {");
      band(2, 1, "i");
      line(1, "}");
    } else {
      line(1, `const mMain = batch - (batch % ${ri});`);
      line(1, `for (let i = 0; i < mMain; i += ${ri}) {`);
      band(2, ri, "i");
      line(1, "}");
    }
    if (ri > 1) {
      line(1, "for (let i = mMain; i < batch; i++) {");
      band(2, 1, "i");
      line(1, "}");
    }
  } else {
    const full = Math.floor(M / ri);
    if (full >= 1) {
      line(1, full === 1 ? "{" : `for (let i = 0; i < ${full * ri}; i += ${ri}) {`);
      band(2, ri, full === 1 ? "0" : "i");
      line(1, "}");
    }
    if (M % ri) {
      line(1, "{");
      band(2, M % ri, String(full * ri));
      line(1, "}");
    }
  }

  const sym = (d: Dim) => (d === "n" ? "n" : String(d));
  const aShape = ta ? `[${sym(K)}, ${sym(M)}]ᵀ` : `[${sym(M)}, ${sym(K)}]`;
  const bShape = tb ? `[${sym(N)}, ${sym(K)}]ᵀ` : `[${sym(K)}, ${sym(N)}]`;
  let formula = "A·B";
  if (ep) {
    const symbolic = (a: number) => (epArgs[a] === "same" ? `e${a}` : epArgs[a] === "column" ? `e${a}[j]` : `e${a}[0]`);
    const e = ep.element("acc", symbolic, () => "t");
    const acc = ep.biasInit >= 0 ? `A·B + e${ep.biasInit}[j]` : "A·B";
    formula = `${[...e.temps.map((t) => `${t.name} = ${t.code}, `)].join("")}${e.expr} with acc = ${acc}`;
  }
  const doc = `C[${sym(M)}, ${sym(N)}] = ${formula}; A ${aShape}, B ${bShape}; ${ri}×${rj} register tiles`;
  return { params, body: out.join("\n"), doc };
}

const unmarked = (text: string): number => text.length - (text.match(/\]!/g)?.length ?? 0);

const asNumber = (code: string): string | number => (/^\d+$/.test(code) ? Number(code) : code);

function range(count: number, f: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => f(i)).join(", ");
}
