import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = a − b;  ∂L/∂a = ∂L/∂y,  ∂L/∂b = −∂L/∂y */
export const sub = defineOp({
  name: "sub",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = {0} − {1}",
  rules: ["∂L/∂{0} = ∂L/∂{out}", "∂L/∂{1} = −∂L/∂{out}"],
  shape: sameShape,
  vjp: ({ b, dy }, i) => (i === 0 ? dy : b.neg(dy)),
});
