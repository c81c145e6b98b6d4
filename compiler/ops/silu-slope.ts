import { defineOp, noSecondOrder, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = silu′(x) = σ(x)·(1 + x·(1 − σ(x))) */
export const silu_slope = defineOp({
  name: "silu_slope",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = silu′({0}) = σ({0})·(1 + {0}·(1 − σ({0})))",
  rules: [null],
  shape: sameShape,
  vjp: noSecondOrder("silu_slope"),
});
