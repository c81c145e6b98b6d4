import { defineOp, perElement, ARITH, sameShape } from "./define.ts";
import { ShapeError } from "../errors.ts";

/**
 * Inverted dropout's mask: each element 0 with probability `rate`, else 1/(1 − rate), drawn afresh on
 * every call from the model's seeded generator; x gives only the shape. No gradient (a constant of
 * the step: ∂L/∂x of a dropout flows through the product x · mask, not through the mask).
 */
export const dropout_mask = defineOp({
  name: "dropout_mask",
  fusion: "opaque",
  cost: perElement(4 * ARITH),
  random: true,
  arity: 1,
  attrs: ["rate"],
  shapeOnly: [0],
  doc: "{out} = 0 with probability rate, else 1/(1 − rate) (a fresh mask on every call)",
  rules: [null],
  shape: (ins, attrs) => {
    const rate = attrs.rate as number;
    if (!(rate >= 0 && rate < 1)) throw new ShapeError(`dropout_mask: rate must be in [0, 1), got ${rate}`);
    return sameShape(ins);
  },
  vjp: () => null,
});
