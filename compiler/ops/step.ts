import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = [x > 0] (Heaviside, 0 at 0);  ∂L/∂x = 0 almost everywhere */
export const step = defineOp({
  name: "step",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = [{0} > 0]",
  rules: [null],
  shape: sameShape,
  vjp: () => null,
});
