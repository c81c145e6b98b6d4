import { defineOp, noSecondOrder, sameShape, ARITH, perInput } from "./define.ts";

/** g = (s − y) / N, s = σ(z): ∂sigmoid_xent/∂z given s */
export const sigmoid_xent_grad = defineOp({
  name: "sigmoid_xent_grad",
  fusion: "opaque",
  cost: perInput(2 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = ({0} − {1}) / N",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("sigmoid_xent_grad"),
});
