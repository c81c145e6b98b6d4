import { defineOp, requireRank, type KernelContext } from "./define.ts";
import type { Shape } from "../ir/graph.ts";

/**
 * Column sums accumulated in local doubles, eight columns per pass over the rows (all of them up
 * to twelve), stored once: no zero-fill, no read-modify-write of the output.
 */
function sumRowsCode({ out, ins: [x], inShapes, dim, size }: KernelContext): string {
  const shape: Shape = inShapes[0];
  const rows = dim(shape[0]);
  const colsCode = size(shape.slice(1));
  const cols = Number(colsCode);
  if (!Number.isInteger(cols)) {
    return `for (let j = 0; j < ${colsCode}; j++) {
  let s = 0;
  for (let r = 0, o = j; r < ${rows}; r++, o += ${colsCode}) s += ${x}[o]!;
  ${out}[j] = s;
}`;
  }
  const block = (width: number, j: string) => {
    const names = Array.from({ length: width }, (_, u) => `s${u}`);
    const at = (u: number) => (u === 0 ? "o" : `o + ${u}`);
    const col = (u: number) => (j === "j" ? (u === 0 ? "j" : `j + ${u}`) : String(Number(j) + u));
    return `{
  let ${names.map((s) => `${s} = 0`).join(",\n")};
  for (let r = 0, o = ${j}; r < ${rows}; r++, o += ${cols}) {
    ${names.map((s, u) => `${s} += ${x}[${at(u)}]!;`).join("\n")}
  }
  ${names.map((s, u) => `${out}[${col(u)}] = ${s};`).join("\n")}
}`;
  };
  if (cols <= 12) return block(cols, "0");
  const full = Math.floor(cols / 8) * 8;
  const parts = [full === 8 ? block(8, "0") : `for (let j = 0; j < ${full}; j += 8) ${block(8, "j")}`];
  if (cols % 8) parts.push(block(cols % 8, String(full)));
  return parts.join("\n");
}

/** y = Σ_rows x (sums out the leading dimension);  ∂L/∂x = ∂L/∂y broadcast to every row */
export const sum_rows = defineOp({
  name: "sum_rows",
  fusion: "reduction",
  arity: 1,
  attrs: [],
  doc: "{out} = Σ_rows {0}",
  rules: ["∂L/∂{0} = ∂L/∂{out} broadcast over rows"],
  shape: ([x]) => (requireRank(x, 2, "sum_rows"), x.slice(1)),
  vjp: ({ b, dy, x }) => b.apply("broadcast_rows", [dy, x[0]]),
  emit: { kind: "kernel", code: sumRowsCode },
});
