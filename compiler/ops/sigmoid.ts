import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = σ(x) = 1 / (1 + e⁻ˣ);  ∂L/∂x = ∂L/∂y · y · (1 − y) */
export const sigmoid = defineOp({
  name: "sigmoid",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = σ({0}) = 1 / (1 + exp(−{0}))",
  rules: ["∂L/∂{0} = ∂L/∂{out} · {out} · (1 − {out})"],
  shape: sameShape,
  vjp: ({ b, dy, out }) => b.mul(dy, b.mul(out, b.affine(out, -1, 1))),
});
