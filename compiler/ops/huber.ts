import { defineOp, noTargetGradient, sameShape, ARITH, perInput } from "./define.ts";

// Huber loss as tf.losses.huberLoss, per element e = p − t with q = min(|e|, δ):
//   ½q² + δ·(|e| − q)   (½e² for |e| ≤ δ, δ·|e| − ½δ² beyond; C¹ at |e| = δ). Mean over all elements.

/** L = mean(½·min(|e|, δ)² + δ·(|e| − min(|e|, δ))), e = p − t;  ∂L/∂p = clip(e, −δ, δ) / N */
export const huber = defineOp({
  name: "huber",
  fusion: "opaque",
  cost: perInput(6 * ARITH),
  arity: 2,
  attrs: ["delta"],
  doc: "{out} = mean(huber_δ({0} − {1}))",
  rules: ["∂L/∂{0} = clip({0} − {1}, −δ, δ) / N", null],
  shape: (ins) => (sameShape(ins), []),
  vjp: ({ b, dy, x, attrs }, i) =>
    i === 0
      ? b.apply("mul_scalar", [b.apply("huber_grad", [x[0], x[1]], { delta: attrs.delta }), dy])
      : noTargetGradient("huber")(),
});
