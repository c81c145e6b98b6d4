import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = ln x;  ∂L/∂x = ∂L/∂y / x */
export const log = defineOp({
  name: "log",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = ln({0})",
  rules: ["∂L/∂{0} = ∂L/∂{out} / {0}"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.apply("div", [dy, x[0]]),
});
