import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = x if x > 0 else α·x;  ∂L/∂x = ∂L/∂y · (x > 0 ? 1 : α)  (α at x = 0, as TensorFlow.js) */
export const leaky_relu = defineOp({
  name: "leaky_relu",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: ["alpha"],
  doc: "{out} = {0} > 0 ? {0} : α·{0}",
  rules: ["∂L/∂{0} = ∂L/∂{out} · ({0} > 0 ? 1 : α)"],
  shape: sameShape,
  vjp: ({ b, dy, x, attrs }) => b.mul(dy, b.apply("leaky_step", [x[0]], { alpha: attrs.alpha })),
});
