import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = x·σ(x);  ∂L/∂x = ∂L/∂y · σ(x)·(1 + x·(1 − σ(x))) */
export const silu = defineOp({
  name: "silu",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = {0}·σ({0})",
  rules: ["∂L/∂{0} = ∂L/∂{out} · σ({0})·(1 + {0}·(1 − σ({0})))"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.apply("silu_slope", [x[0]])),
});
