import { defineOp, sameShape } from "./define.ts";

/** y = max(x, 0);  ∂L/∂x = ∂L/∂y · [x > 0]  (0 at x = 0, as TensorFlow.js) */
export const relu = defineOp({
  name: "relu",
  fusion: "elementwise",
  arity: 1,
  attrs: [],
  doc: "{out} = max({0}, 0)",
  rules: ["∂L/∂{0} = ∂L/∂{out} · [{0} > 0]"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.apply("step", [x[0]])),
  // Math.max, not `x > 0 ? x : 0`: the ternary turned NaN into 0 and hid bad data; max(NaN, 0) is
  // NaN, as in TensorFlow.js (and as fast: V8 compiles it branch-free).
  emit: { kind: "elementwise", expr: ([x]) => `Math.max(${x}, 0)` },
});
