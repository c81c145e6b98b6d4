import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = sign(x) (−1, 0 or 1; NaN stays NaN);  ∂L/∂x = 0 almost everywhere */
export const sign = defineOp({
  name: "sign",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = sign({0})",
  rules: [null],
  shape: sameShape,
  vjp: () => null,
});
