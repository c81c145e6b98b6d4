import { defineOp, noSecondOrder, sameShape, divisor } from "./define.ts";

/** g = clip(p − t, −δ, δ) / N, N the element count (batch included): ∂huber/∂p */
export const huber_grad = defineOp({
  name: "huber_grad",
  fusion: "opaque",
  arity: 2,
  attrs: ["delta"],
  doc: "{out} = clip({0} − {1}, −δ, δ) / N",
  rules: [null, null],
  shape: sameShape,
  vjp: noSecondOrder("huber_grad"),
  emit: {
    kind: "kernel",
    code: ({ out, ins: [p, t], outShape, size, attrs }) => `const delta = ${attrs.delta};
const inv = 1 / ${divisor(size(outShape))};
for (let i = 0; i < ${size(outShape)}; i++) ${out}[i] = Math.max(-delta, Math.min(delta, ${p}[i]! - ${t}[i]!)) * inv;`,
  },
});
