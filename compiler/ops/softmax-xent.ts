import { defineOp, noTargetGradient, requireRank, sameShape, ARITH, TRANSCENDENTAL, perInput } from "./define.ts";

// Softmax cross-entropy on logits z with target distribution y, per row:
//   −Σⱼ yⱼ·log softmax(z)ⱼ = lse(z)·Σⱼ yⱼ − Σⱼ yⱼ·zⱼ,  lse(z) = max z + log Σⱼ exp(zⱼ − max z)
// computed through log-sum-exp so logits of ±1e4 stay finite. Mean over rows.

/** L = mean_rows(lse(z)·Σy − Σ y·z);  ∂L/∂z = (softmax(z)·Σy − y) / rows */
export const softmax_xent = defineOp({
  name: "softmax_xent",
  fusion: "opaque",
  cost: perInput(TRANSCENDENTAL + 3 * ARITH),
  arity: 2,
  attrs: [],
  doc: "{out} = mean over rows of −Σⱼ {1}ⱼ·log softmax({0})ⱼ",
  rules: ["∂L/∂{0} = (softmax({0})·Σ{1} − {1}) / rows", null],
  shape: (ins) => (sameShape(ins), requireRank(ins[0], 1, "softmax_xent"), []),
  vjp: ({ b, dy, x }, i) => {
    if (i !== 0) return noTargetGradient("softmax_xent")();
    const p = b.apply("softmax", [x[0]]);
    return b.apply("mul_scalar", [b.apply("softmax_xent_grad", [p, x[1]]), dy]);
  },
});
