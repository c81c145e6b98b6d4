import { defineOp, sameShape, DIVIDE, perElement } from "./define.ts";

/** y = a / b;  ∂L/∂a = ∂L/∂y / b,  ∂L/∂b = −∂L/∂y · y / b */
export const div = defineOp({
  name: "div",
  fusion: "elementwise",
  cost: perElement(DIVIDE),
  arity: 2,
  attrs: [],
  doc: "{out} = {0} / {1}",
  rules: ["∂L/∂{0} = ∂L/∂{out} / {1}", "∂L/∂{1} = −∂L/∂{out} · {out} / {1}"],
  shape: sameShape,
  vjp: ({ b, dy, x, out }, i) =>
    i === 0 ? b.apply("div", [dy, x[1]]) : b.neg(b.apply("div", [b.mul(dy, out), x[1]])),
});
