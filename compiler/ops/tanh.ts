import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = tanh(x);  ∂L/∂x = ∂L/∂y · (1 − y²) */
export const tanh = defineOp({
  name: "tanh",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = tanh({0})",
  rules: ["∂L/∂{0} = ∂L/∂{out} · (1 − {out}²)"],
  shape: sameShape,
  vjp: ({ b, dy, out }) => b.mul(dy, b.affine(b.mul(out, out), -1, 1)),
});
