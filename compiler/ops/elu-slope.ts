import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = elu′(x) = x > 0 ? 1 : α·eˣ;  ∂L/∂x = ∂L/∂y · (y − [x > 0]) (0 for x > 0, α·eˣ below) */
export const elu_slope = defineOp({
  name: "elu_slope",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: ["alpha"],
  doc: "{out} = {0} > 0 ? 1 : α·exp({0})",
  rules: ["∂L/∂{0} = ∂L/∂{out} · ({out} − [{0} > 0])"],
  shape: sameShape,
  vjp: ({ b, dy, x, out }) => b.mul(dy, b.sub(out, b.apply("step", [x[0]]))),
});
