import { requireRank, defineOp, perInput, ARITH, TRANSCENDENTAL } from "./define.ts";
import { keptForBroadcast } from "./reduce.ts";

// log Σⱼ exp xⱼ along the last axis, computed as m + log Σⱼ exp(xⱼ − m), m = maxⱼ xⱼ, so logits
// of ±1e4 stay finite: the one composite the softmax cross-entropy needs to be stable (its
// gradient is the softmax, which CSE finds in the forward pass when the model outputs it).

/** y = log Σⱼ exp xⱼ along the last axis;  ∂L/∂x = ∂L/∂y broadcast over the axis · softmax(x) */
export const logsumexp = defineOp({
  name: "logsumexp",
  fusion: "reduction",
  cost: perInput(TRANSCENDENTAL + 2 * ARITH),
  arity: 1,
  attrs: [],
  doc: "{out} = log Σⱼ exp({0}ⱼ) along the last axis",
  rules: ["∂L/∂{0} = ∂L/∂{out} · softmax({0})"],
  shape: ([x]) => (requireRank(x, 1, "logsumexp"), x.slice(0, -1)),
  vjp: ({ b, dy, x: [x] }) => {
    const back = b.apply("broadcast", [keptForBroadcast(b, dy, x.shape, [x.shape.length - 1]), x]);
    return b.mul(back, b.apply("softmax", [x]));
  },
});
