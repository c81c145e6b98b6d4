import { defineOp, noSecondOrder, sameShape, ARITH, perInput } from "./define.ts";

/** g = sign(p − t) / N, N the element count (batch included), sign(0) = 0: ∂mae/∂p */
export const mae_grad = defineOp({
  name: "mae_grad",
  fusion: "opaque",
  cost: perInput(2 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = sign({0} − {1}) / N",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("mae_grad"),
});
