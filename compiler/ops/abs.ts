import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/**
 * y = |x|;  ∂L/∂x = ∂L/∂y · sign(x), 0 at x = 0 (the subgradient TensorFlow's Python gradient and
 * tapeless's mae use; TensorFlow.js gives −1 there)
 */
export const abs = defineOp({
  name: "abs",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = |{0}|",
  rules: ["∂L/∂{0} = ∂L/∂{out} · sign({0})"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.apply("sign", [x[0]])),
});
