import { defineOp, requireRank, rowsAndCols } from "./define.ts";

/** y = softmax(x) along the last axis;  ∂L/∂x = y ⊙ (∂L/∂y − Σⱼ ∂L/∂yⱼ·yⱼ) */
export const softmax = defineOp({
  name: "softmax",
  fusion: "opaque",
  arity: 1,
  attrs: [],
  doc: "{out} = softmax({0}) along the last axis",
  rules: ["∂L/∂{0} = {out} ⊙ (∂L/∂{out} − Σⱼ ∂L/∂{out}ⱼ · {out}ⱼ)"],
  shape: ([x]) => (requireRank(x, 1, "softmax"), x),
  vjp: ({ b, dy, out }) => b.apply("softmax_vjp", [out, dy]),
  emit: {
    kind: "kernel",
    code: (k) => {
      const [rows, cols] = rowsAndCols(k, k.outShape);
      const [x] = k.ins;
      const y = k.out;
      // Subtracting the row maximum keeps exp() from overflowing; the result is unchanged.
      return `for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let max = ${x}[o]!;
  for (let j = 1; j < ${cols}; j++) if (${x}[o + j]! > max) max = ${x}[o + j]!;
  let sum = 0;
  for (let j = 0; j < ${cols}; j++) {
    const e = Math.exp(${x}[o + j]! - max);
    ${y}[o + j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < ${cols}; j++) ${y}[o + j]! *= inv;
}`;
    },
  },
});
