import { defineOp, noTargetGradient, sameShape, divisor } from "./define.ts";

// Huber loss as tf.losses.huberLoss, per element e = p − t with q = min(|e|, δ):
//   ½q² + δ·(|e| − q)   (½e² for |e| ≤ δ, δ·|e| − ½δ² beyond; C¹ at |e| = δ). Mean over all elements.

/** L = mean(½·min(|e|, δ)² + δ·(|e| − min(|e|, δ))), e = p − t;  ∂L/∂p = clip(e, −δ, δ) / N */
export const huber = defineOp({
  name: "huber",
  fusion: "opaque",
  arity: 2,
  attrs: ["delta"],
  doc: "{out} = mean(huber_δ({0} − {1}))",
  rules: ["∂L/∂{0} = clip({0} − {1}, −δ, δ) / N", null],
  shape: (ins) => (sameShape(ins), []),
  vjp: ({ b, dy, x, attrs }, i) =>
    i === 0
      ? b.apply("mul_scalar", [b.apply("huber_grad", [x[0], x[1]], { delta: attrs.delta }), dy])
      : noTargetGradient("huber")(),
  emit: {
    kind: "kernel",
    code: ({ out, ins: [p, t], inShapes, size, attrs }) => `const delta = ${attrs.delta};
let sum = 0;
for (let i = 0; i < ${size(inShapes[0])}; i++) {
  const a = Math.abs(${p}[i]! - ${t}[i]!);
  const q = Math.min(a, delta);
  sum += 0.5 * q * q + delta * (a - q);
}
${out}[0] = sum / ${divisor(size(inShapes[0]))};`,
  },
});
