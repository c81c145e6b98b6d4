import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = [a ≥ b] (1 or 0; the mask maximum's and minimum's gradients use);  ∂L/∂a = ∂L/∂b = 0 almost everywhere */
export const greater_equal = defineOp({
  name: "greater_equal",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = [{0} ≥ {1}]",
  rules: [null, null],
  shape: sameShape,
  vjp: () => null,
});
