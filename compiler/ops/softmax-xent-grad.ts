import { defineOp, noSecondOrder, sameShape, ARITH, perInput } from "./define.ts";

/** g = (p·Σy − y) / rows, p = softmax(z): ∂softmax_xent/∂z given p */
export const softmax_xent_grad = defineOp({
  name: "softmax_xent_grad",
  fusion: "opaque",
  cost: perInput(3 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = ({0}·Σ{1} − {1}) / rows",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("softmax_xent_grad"),
});
