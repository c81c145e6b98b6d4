import { defineOp, noSecondOrder, rowsAndCols, sameShape } from "./define.ts";

/** g = y ⊙ (dy − Σⱼ dyⱼ·yⱼ) per row: the VJP of softmax, given its output y */
export const softmax_vjp = defineOp({
  name: "softmax_vjp",
  fusion: "opaque",
  arity: 2,
  attrs: [],
  doc: "{out} = {0} ⊙ ({1} − Σⱼ {1}ⱼ·{0}ⱼ)",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("softmax_vjp"),
  emit: {
    kind: "kernel",
    code: (k) => {
      const [rows, cols] = rowsAndCols(k, k.outShape);
      const [y, dy] = k.ins;
      return `for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let s = 0;
  for (let j = 0; j < ${cols}; j++) s += ${dy}[o + j]! * ${y}[o + j]!;
  for (let j = 0; j < ${cols}; j++) ${k.out}[o + j] = ${y}[o + j]! * (${dy}[o + j]! - s);
}`;
    },
  },
});
