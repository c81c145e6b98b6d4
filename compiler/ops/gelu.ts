import { defineOp, sameShape, TRANSCENDENTAL, perElement } from "./define.ts";

// The tanh approximation (Hendrycks & Gimpel; TensorFlow.js's gelu with approximate = true); its
// code and its derivative's are helpers of compiler/backends/js/elementwise.ts.

/** y = ½·x·(1 + tanh(√(2/π)·(x + 0.044715x³)));  ∂L/∂x = ∂L/∂y · gelu′(x) */
export const gelu = defineOp({
  name: "gelu",
  fusion: "elementwise",
  cost: perElement(TRANSCENDENTAL),
  arity: 1,
  attrs: [],
  doc: "{out} = ½·{0}·(1 + tanh(√(2/π)·({0} + 0.044715·{0}³)))",
  rules: ["∂L/∂{0} = ∂L/∂{out} · gelu′({0})"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.apply("gelu_slope", [x[0]])),
});
