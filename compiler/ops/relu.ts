import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = max(x, 0);  ∂L/∂x = ∂L/∂y · [x > 0]  (0 at x = 0, as TensorFlow.js) */
export const relu = defineOp({
  name: "relu",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = max({0}, 0)",
  rules: ["∂L/∂{0} = ∂L/∂{out} · [{0} > 0]"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.apply("step", [x[0]])),
});
