// The scalar expression of every elementwise op (one entry per op), composed by the emitter into
// fused loops, with the module-level helper functions an expression calls.
import type { OpName } from "../../ops/index.ts";
import type { ElementwiseEmit } from "./rule.ts";

// The tanh approximation (Hendrycks & Gimpel; TensorFlow.js's gelu with approximate = true):
// gelu(x) = ½·x·(1 + tanh(u)),  u = √(2/π)·(x + 0.044715·x³)
const GELU_HELPERS = {
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

export const elementwise = {
  neg: { kind: "elementwise", expr: ([x]) => `-${x}` },
  exp: { kind: "elementwise", expr: ([x]) => `Math.exp(${x})` },
  log: { kind: "elementwise", expr: ([x]) => `Math.log(${x})` },
  tanh: { kind: "elementwise", expr: ([x]) => `Math.tanh(${x})` },
  // exp(−x) overflows to Infinity for x < −709, giving exactly 0: the correct limit.
  sigmoid: { kind: "elementwise", expr: ([x]) => `1 / (1 + Math.exp(-${x}))` },
  // Math.max, not `x > 0 ? x : 0`: the ternary turned NaN into 0 and hid bad data; max(NaN, 0) is
  // NaN, as in TensorFlow.js (and as fast: V8 compiles it branch-free).
  relu: { kind: "elementwise", expr: ([x]) => `Math.max(${x}, 0)` },
  step: { kind: "elementwise", expr: ([x]) => `${x} > 0 ? 1 : 0` },
  leaky_relu: { kind: "elementwise", expr: ([x], { alpha }) => `${x} > 0 ? ${x} : ${alpha} * ${x}` },
  leaky_step: { kind: "elementwise", expr: ([x], { alpha }) => `${x} > 0 ? 1 : ${alpha}` },
  elu: { kind: "elementwise", expr: ([x], { alpha }) => `${x} > 0 ? ${x} : ${alpha} * Math.expm1(${x})` },
  elu_slope: { kind: "elementwise", expr: ([x], { alpha }) => `${x} > 0 ? 1 : ${alpha} * Math.exp(${x})` },
  softplus: {
    kind: "elementwise",
    // max(x, 0) + ln(1 + e^−|x|): never overflows, exact for large |x|.
    expr: ([x]) => `(${x} > 0 ? ${x} : 0) + Math.log1p(Math.exp(-Math.abs(${x})))`,
  },
  gelu: { kind: "elementwise", expr: ([x]) => `gelu(${x})`, helpers: { gelu: GELU_HELPERS.gelu } },
  gelu_slope: { kind: "elementwise", expr: ([x]) => `geluSlope(${x})`, helpers: { geluSlope: GELU_HELPERS.geluSlope } },
  silu: { kind: "elementwise", expr: ([x]) => `${x} / (1 + Math.exp(-${x}))` },
  silu_slope: {
    kind: "elementwise",
    expr: ([x]) => `siluSlope(${x})`,
    helpers: {
      siluSlope: `function siluSlope(x: number): number {
  const s = 1 / (1 + Math.exp(-x));
  return s * (1 + x * (1 - s));
}`,
    },
  },
  affine: {
    kind: "elementwise",
    expr: ([x], { scale, shift }) => {
      const scaled = scale === 1 ? x : scale === -1 ? `-${x}` : `${scale} * ${x}`;
      return shift === 0 ? scaled : `${scaled} + ${shift}`;
    },
  },
  add: { kind: "elementwise", expr: ([a, b]) => `${a} + ${b}` },
  sub: { kind: "elementwise", expr: ([a, b]) => `${a} - ${b}` },
  mul: { kind: "elementwise", expr: ([a, b]) => `${a} * ${b}` },
  div: { kind: "elementwise", expr: ([a, b]) => `${a} / ${b}` },
  mul_scalar: { kind: "elementwise", expr: ([x, s]) => `${x} * ${s}` },
  zeros_like: { kind: "elementwise", expr: () => `0` },
  sqrt: { kind: "elementwise", expr: ([x]) => `Math.sqrt(${x})` },
  rsqrt: { kind: "elementwise", expr: ([x]) => `1 / Math.sqrt(${x})` },
  abs: { kind: "elementwise", expr: ([x]) => `Math.abs(${x})` },
  sign: { kind: "elementwise", expr: ([x]) => `Math.sign(${x})` },
  square: { kind: "elementwise", expr: ([x]) => `${x} * ${x}` },
  maximum: { kind: "elementwise", expr: ([a, b]) => `Math.max(${a}, ${b})` },
  minimum: { kind: "elementwise", expr: ([a, b]) => `Math.min(${a}, ${b})` },
  greater_equal: { kind: "elementwise", expr: ([a, b]) => `${a} >= ${b} ? 1 : 0` },
  select: { kind: "elementwise", expr: ([c, a, b]) => `${c} !== 0 ? ${a} : ${b}` },
  eq_mask: { kind: "elementwise", expr: ([a, b]) => `${a} === ${b} ? 1 : 0` },
} satisfies Partial<Record<OpName, ElementwiseEmit>>;
