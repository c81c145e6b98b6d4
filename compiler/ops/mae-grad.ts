import { defineOp, noSecondOrder, sameShape, divisor } from "./define.ts";

/** g = sign(p − t) / N, N the element count (batch included), sign(0) = 0: ∂mae/∂p */
export const mae_grad = defineOp({
  name: "mae_grad",
  fusion: "opaque",
  arity: 2,
  attrs: [],
  doc: "{out} = sign({0} − {1}) / N",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("mae_grad"),
  emit: {
    kind: "kernel",
    code: ({ out, ins: [p, t], outShape, size }) => `const inv = 1 / ${divisor(size(outShape))};
for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = Math.sign(${p}[i]! - ${t}[i]!) * inv;`,
  },
});
