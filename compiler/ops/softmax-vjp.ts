import { defineOp, noSecondOrder, sameShape, ARITH, perInput } from "./define.ts";

/** g = y ⊙ (dy − Σⱼ dyⱼ·yⱼ) per row: the VJP of softmax, given its output y */
export const softmax_vjp = defineOp({
  name: "softmax_vjp",
  fusion: "opaque",
  cost: perInput(3 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = {0} ⊙ ({1} − Σⱼ {1}ⱼ·{0}ⱼ)",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("softmax_vjp"),
});
