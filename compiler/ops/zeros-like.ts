import { defineOp, sameShape, copy } from "./define.ts";

/** y = 0 with the shape of x (the gradient of a parameter the loss does not depend on) */
export const zeros_like = defineOp({
  name: "zeros_like",
  fusion: "elementwise",
  cost: copy,
  arity: 1,
  attrs: [],
  doc: "{out} = 0",
  rules: [null],
  shape: sameShape,
  vjp: () => null,
});
