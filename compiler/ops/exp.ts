import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = eˣ;  ∂L/∂x = ∂L/∂y · y */
export const exp = defineOp({
  name: "exp",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = exp({0})",
  rules: ["∂L/∂{0} = ∂L/∂{out} · {out}"],
  shape: sameShape,
  vjp: ({ b, dy, out }) => b.mul(dy, out),
});
