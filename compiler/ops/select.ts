import { defineOp, sameShape, ARITH, perElement } from "./define.ts";

/**
 * y = c ≠ 0 ? a : b (c floats or i32);  ∂L/∂a = ∂L/∂y where c ≠ 0, else 0;  ∂L/∂b = ∂L/∂y where
 * c = 0, else 0; c gets no gradient
 */
export const select = defineOp({
  name: "select",
  fusion: "elementwise",
  cost: perElement(ARITH),
  arity: 3,
  attrs: [],
  operands: ["any", "float", "float"],
  doc: "{out} = {0} ≠ 0 ? {1} : {2}",
  rules: [null, "∂L/∂{1} = {0} ≠ 0 ? ∂L/∂{out} : 0", "∂L/∂{2} = {0} ≠ 0 ? 0 : ∂L/∂{out}"],
  shape: sameShape,
  vjp: ({ b, dy, x: [c] }, i) => {
    if (i === 0) return null;
    const zero = b.apply("zeros_like", [dy]);
    return b.apply("select", i === 1 ? [c, dy, zero] : [c, zero, dy]);
  },
});
