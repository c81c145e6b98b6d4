import { defineOp, requireRank, ARITH, TRANSCENDENTAL, perElement } from "./define.ts";

/** y = softmax(x) along the last axis;  ∂L/∂x = y ⊙ (∂L/∂y − Σⱼ ∂L/∂yⱼ·yⱼ) */
export const softmax = defineOp({
  name: "softmax",
  fusion: "opaque",
  cost: perElement(TRANSCENDENTAL + 3 * ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = softmax({0}) along the last axis",
  rules: ["∂L/∂{0} = {out} ⊙ (∂L/∂{out} − Σⱼ ∂L/∂{out}ⱼ · {out}ⱼ)"],
  shape: ([x]) => (requireRank(x, 1, "softmax"), x),
  vjp: ({ b, dy, out }) => b.apply("softmax_vjp", [out, dy]),
});
