import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/** y = 1 where a = b, else 0 (the tied maxima of reduce_max's gradient);  no gradient: it is 0 almost everywhere */
export const eq_mask = defineOp({
  name: "eq_mask",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = [{0} = {1}]",
  rules: [null, null],
  shape: sameShape,
  vjp: () => null,
});
