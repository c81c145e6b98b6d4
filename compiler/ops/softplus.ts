import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = ln(1 + eˣ) (stable form);  ∂L/∂x = ∂L/∂y · σ(x) */
export const softplus = defineOp({
  name: "softplus",
  fusion: "elementwise",
  cost: perElement(2 * TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = ln(1 + exp({0}))",
  rules: ["∂L/∂{0} = ∂L/∂{out} · σ({0})"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.apply("sigmoid", [x[0]])),
});
