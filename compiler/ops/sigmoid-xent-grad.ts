import { defineOp, noSecondOrder, sameShape, divisor } from "./define.ts";

/** g = (s − y) / N, s = σ(z): ∂sigmoid_xent/∂z given s */
export const sigmoid_xent_grad = defineOp({
  name: "sigmoid_xent_grad",
  fusion: "opaque",
  arity: 2,
  attrs: [],
  doc: "{out} = ({0} − {1}) / N",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("sigmoid_xent_grad"),
  emit: {
    kind: "kernel",
    code: ({ out, ins: [s, y], outShape, size }) => `const inv = 1 / ${divisor(size(outShape))};
for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = (${s}[i]! - ${y}[i]!) * inv;`,
  },
});
