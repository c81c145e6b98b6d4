import { defineOp, noTargetGradient, sameShape, divisor } from "./define.ts";

/** L = mean(|p − t|) over all elements;  ∂L/∂p = sign(p − t) / N  (sign(0) = 0, as TensorFlow's Abs) */
export const mae = defineOp({
  name: "mae",
  fusion: "opaque",
  arity: 2,
  attrs: [],
  doc: "{out} = mean(|{0} − {1}|)",
  rules: ["∂L/∂{0} = sign({0} − {1}) / N", null],
  shape: (ins) => (sameShape(ins), []),
  vjp: ({ b, dy, x }, i) =>
    i === 0 ? b.apply("mul_scalar", [b.apply("mae_grad", [x[0], x[1]]), dy]) : noTargetGradient("mae")(),
  emit: {
    kind: "kernel",
    code: ({ out, ins: [p, t], inShapes, size }) => `let sum = 0;
for (let i = 0; i < ${size(inShapes[0])}; i++) sum += Math.abs(${p}[i]! - ${t}[i]!);
${out}[0] = sum / ${divisor(size(inShapes[0]))};`,
  },
});
