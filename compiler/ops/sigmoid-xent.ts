import { defineOp, noTargetGradient, sameShape, ARITH, TRANSCENDENTAL, perInput } from "./define.ts";

// Binary cross-entropy on logits z, per element, in the stable form
//   −y·log σ(z) − (1 − y)·log(1 − σ(z)) = max(z, 0) − z·y + log(1 + e^−|z|)
// (finite for any z). Mean over all elements.

/** L = mean(max(z,0) − z·y + log1p(e^−|z|));  ∂L/∂z = (σ(z) − y) / N */
export const sigmoid_xent = defineOp({
  name: "sigmoid_xent",
  fusion: "opaque",
  cost: perInput(TRANSCENDENTAL + 4 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = mean(max({0}, 0) − {0}·{1} + ln(1 + exp(−|{0}|)))",
  rules: ["∂L/∂{0} = (σ({0}) − {1}) / N", null],
  shape: (ins) => (sameShape(ins), []),
  vjp: ({ b, dy, x }, i) => {
    if (i !== 0) return noTargetGradient("sigmoid_xent")();
    const s = b.apply("sigmoid", [x[0]]);
    return b.apply("mul_scalar", [b.apply("sigmoid_xent_grad", [s, x[1]]), dy]);
  },
});
