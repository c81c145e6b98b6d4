import { defineOp, noSecondOrder, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = gelu′(x) = ½(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(u) */
export const gelu_slope = defineOp({
  name: "gelu_slope",
  fusion: "elementwise",
  cost: perElement(2 * TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = gelu′({0})",
  rules: [null],
  shape: sameShape,
  vjp: noSecondOrder("gelu_slope"),
});
