import { defineOp, scalarShape, free } from "./define.ts";

/** y = c, a scalar constant (the seed ∂L/∂L = 1 of reverse mode) */
export const constant = defineOp({
  name: "const",
  fusion: "opaque",
  cost: free,
  arity: 0,
  attrs: ["value"],
  doc: "{out} = value",
  rules: [],
  shape: scalarShape,
  vjp: () => null,
});
