import { defineOp, requireRank, ARITH, perInput } from "./define.ts";

/** y = Σ_rows x (sums out the leading dimension);  ∂L/∂x = ∂L/∂y broadcast to every row */
export const sum_rows = defineOp({
  name: "sum_rows",
  fusion: "reduction",
  cost: perInput(ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = Σ_rows {0}",
  rules: ["∂L/∂{0} = ∂L/∂{out} broadcast over rows"],
  shape: ([x]) => (requireRank(x, 2, "sum_rows"), x.slice(1)),
  vjp: ({ b, dy, x }) => b.apply("broadcast_rows", [dy, x[0]]),
});
