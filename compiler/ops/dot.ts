import { defineOp, sameShape, ARITH, perInput } from "./define.ts";

/** y = Σ a ⊙ b (a scalar);  ∂L/∂a = ∂L/∂y · b,  ∂L/∂b = ∂L/∂y · a */
export const dot = defineOp({
  name: "dot",
  fusion: "contraction",
  cost: perInput(2 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = Σ {0} ⊙ {1}",
  rules: ["∂L/∂{0} = ∂L/∂{out} · {1}", "∂L/∂{1} = ∂L/∂{out} · {0}"],
  shape: (ins) => (sameShape(ins), []),
  vjp: ({ b, dy, x }, i) => b.apply("mul_scalar", [x[1 - i], dy]),
});
