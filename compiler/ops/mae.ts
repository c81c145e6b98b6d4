import { defineOp, noTargetGradient, sameShape, ARITH, perInput } from "./define.ts";

/** L = mean(|p − t|) over all elements;  ∂L/∂p = sign(p − t) / N  (sign(0) = 0, as TensorFlow's Abs) */
export const mae = defineOp({
  name: "mae",
  fusion: "opaque",
  cost: perInput(2 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = mean(|{0} − {1}|)",
  rules: ["∂L/∂{0} = sign({0} − {1}) / N", null],
  shape: (ins) => (sameShape(ins), []),
  vjp: ({ b, dy, x }, i) =>
    i === 0 ? b.apply("mul_scalar", [b.apply("mae_grad", [x[0], x[1]]), dy]) : noTargetGradient("mae")(),
});
