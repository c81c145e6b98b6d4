import { defineOp, sameShape } from "./define.ts";
import { staticSize } from "./nd.ts";

/** y = a + b;  ∂L/∂a = ∂L/∂b = ∂L/∂y */
export const add = defineOp({
  name: "add",
  fusion: "elementwise",
  cost: (ins, out) => Math.max(ins.length - 1, 1) * staticSize(out),
  commutative: true,
  sums: true,
  arity: 2,
  attrs: [],
  doc: "{out} = {0} + {1}",
  rules: ["∂L/∂{0} = ∂L/∂{out}", "∂L/∂{1} = ∂L/∂{out}"],
  shape: sameShape,
  vjp: ({ dy }) => dy,
});
