import { defineOp, sameShape, DIVIDE, perElement } from "./define.ts";

/** y = √x;  ∂L/∂x = ∂L/∂y / (2·y) */
export const sqrt = defineOp({
  name: "sqrt",
  fusion: "elementwise",
  cost: perElement(DIVIDE),
  arity: 1,
  attrs: [],
  doc: "{out} = √{0}",
  rules: ["∂L/∂{0} = ∂L/∂{out} / (2 · {out})"],
  shape: sameShape,
  vjp: ({ b, dy, out }) => b.apply("div", [dy, b.affine(out, 2, 0)]),
});
