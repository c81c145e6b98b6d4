import { defineOp, noSecondOrder, sameShape, ARITH, perInput } from "./define.ts";

/** g = clip(p − t, −δ, δ) / N, N the element count (batch included): ∂huber/∂p */
export const huber_grad = defineOp({
  name: "huber_grad",
  fusion: "opaque",
  cost: perInput(4 * ARITH),
  arity: 2,
  attrs: ["delta"],
  doc: "{out} = clip({0} − {1}, −δ, δ) / N",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("huber_grad"),
});
