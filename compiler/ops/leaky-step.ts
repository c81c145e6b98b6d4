import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = x > 0 ? 1 : α (the slope of leaky relu);  ∂L/∂x = 0 almost everywhere */
export const leaky_step = defineOp({
  name: "leaky_step",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: ["alpha"],
  doc: "{out} = {0} > 0 ? 1 : α",
  rules: [null],
  shape: sameShape,
  vjp: () => null,
});
