import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = x if x > 0 else α·(eˣ − 1);  ∂L/∂x = ∂L/∂y · elu′(x) */
export const elu = defineOp({
  name: "elu",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: ["alpha"],
  doc: "{out} = {0} > 0 ? {0} : α·(exp({0}) − 1)",
  rules: ["∂L/∂{0} = ∂L/∂{out} · ({0} > 0 ? 1 : α·exp({0}))"],
  shape: sameShape,
  vjp: ({ b, dy, x, attrs }) => b.mul(dy, b.apply("elu_slope", [x[0]], { alpha: attrs.alpha })),
});
