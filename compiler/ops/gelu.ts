import { defineOp, sameShape } from "./define.ts";

// The tanh approximation (Hendrycks & Gimpel; TensorFlow.js's gelu with approximate = true):
// gelu(x) = ½·x·(1 + tanh(u)),  u = √(2/π)·(x + 0.044715·x³)
export const GELU_HELPERS = {
  gelu: `function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
}`,
  // sech²(u) = 1 − t² is exactly 0 once |u| > 19 (|x| > 6): the second term is then 0, and is
  // not computed, since x² overflows for |x| > 1.3e154 and 0·∞ would be NaN.
  geluSlope: `function geluSlope(x: number): number {
  const t = Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x));
  const sech2 = 1 - t * t;
  if (sech2 === 0) return 0.5 * (1 + t);
  return 0.5 * (1 + t) + 0.5 * x * sech2 * 0.7978845608028654 * (1 + 0.134145 * x * x);
}`,
};

/** y = ½·x·(1 + tanh(√(2/π)·(x + 0.044715x³)));  ∂L/∂x = ∂L/∂y · gelu′(x) */
export const gelu = defineOp({
  name: "gelu",
  fusion: "elementwise",
  arity: 1,
  attrs: [],
  doc: "{out} = ½·{0}·(1 + tanh(√(2/π)·({0} + 0.044715·{0}³)))",
  rules: ["∂L/∂{0} = ∂L/∂{out} · gelu′({0})"],
  shape: sameShape,
  vjp: ({ b, dy, x }) => b.mul(dy, b.apply("gelu_slope", [x[0]])),
  emit: { kind: "elementwise", expr: ([x]) => `gelu(${x})`, helpers: { gelu: GELU_HELPERS.gelu } },
});
