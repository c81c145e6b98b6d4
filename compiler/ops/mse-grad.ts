import { defineOp, noSecondOrder, sameShape, ARITH, perInput } from "./define.ts";

/** g = 2·(p − t) / N, N the element count (batch included): ∂mse/∂p */
export const mse_grad = defineOp({
  name: "mse_grad",
  fusion: "opaque",
  cost: perInput(2 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = 2·({0} − {1}) / N",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("mse_grad"),
});
