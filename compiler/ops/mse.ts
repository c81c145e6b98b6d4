import { defineOp, noTargetGradient, sameShape, ARITH, perInput } from "./define.ts";

/** L = mean((p − t)²) over all elements;  ∂L/∂p = 2·(p − t) / N */
export const mse = defineOp({
  name: "mse",
  fusion: "opaque",
  cost: perInput(3 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = mean(({0} − {1})²)",
  rules: ["∂L/∂{0} = 2·({0} − {1}) / N", null],
  shape: (ins) => (sameShape(ins), []),
  vjp: ({ b, dy, x }, i) =>
    i === 0 ? b.apply("mul_scalar", [b.apply("mse_grad", [x[0], x[1]]), dy]) : noTargetGradient("mse")(),
});
