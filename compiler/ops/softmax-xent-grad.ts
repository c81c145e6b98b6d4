import { defineOp, noSecondOrder, rowsAndCols, sameShape, divisor } from "./define.ts";

/** g = (p·Σy − y) / rows, p = softmax(z): ∂softmax_xent/∂z given p */
export const softmax_xent_grad = defineOp({
  name: "softmax_xent_grad",
  fusion: "opaque",
  arity: 2,
  attrs: [],
  doc: "{out} = ({0}·Σ{1} − {1}) / rows",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("softmax_xent_grad"),
  emit: {
    kind: "kernel",
    code: (k) => {
      const [rows, cols] = rowsAndCols(k, k.outShape);
      const [p, y] = k.ins;
      return `const inv = 1 / ${divisor(rows)};
for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let sumY = 0;
  for (let j = 0; j < ${cols}; j++) sumY += ${y}[o + j]!;
  for (let j = 0; j < ${cols}; j++) ${k.out}[o + j] = (${p}[o + j]! * sumY - ${y}[o + j]!) * inv;
}`;
    },
  },
});
