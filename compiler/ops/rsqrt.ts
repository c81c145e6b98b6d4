import { defineOp, sameShape, DIVIDE, perElement } from "./define.ts";

/** y = 1/√x;  ∂L/∂x = −½ · ∂L/∂y · x^(−3/2) = −½ · ∂L/∂y · y³ */
export const rsqrt = defineOp({
  name: "rsqrt",
  fusion: "elementwise",
  cost: perElement(DIVIDE),
  arity: 1,
  attrs: [],
  doc: "{out} = 1 / √{0}",
  rules: ["∂L/∂{0} = −½ · ∂L/∂{out} · {out}³"],
  shape: sameShape,
  vjp: ({ b, dy, out }) => b.mul(dy, b.affine(b.mul(out, b.mul(out, out)), -0.5, 0)),
});
