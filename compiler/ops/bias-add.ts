import { ShapeError } from "../errors.ts";
import { formatShape, shapesEqual } from "../ir/graph.ts";
import { defineOp, requireRank } from "./define.ts";

/** z = x + b, b added to every row;  ∂L/∂x = ∂L/∂z,  ∂L/∂b = Σ_rows ∂L/∂z */
export const bias_add = defineOp({
  name: "bias_add",
  arity: 2,
  attrs: [],
  doc: "{out} = {0} + {1} (broadcast over rows)",
  rules: ["∂L/∂{0} = ∂L/∂{out}", "∂L/∂{1} = Σ_rows ∂L/∂{out}"],
  shape: ([x, b]) => {
    requireRank(x, 2, "bias_add");
    if (!shapesEqual(x.slice(1), b)) {
      throw new ShapeError(`bias ${formatShape(b)} does not match rows of ${formatShape(x)}`);
    }
    return x;
  },
  vjp: ({ b, dy }, i) => (i === 0 ? dy : b.apply("sum_rows", [dy])),
  emit: {
    kind: "kernel",
    code: ({ out, ins: [x, b], outShape, dim, size }) => {
      const cols = size(outShape.slice(1));
      return `for (let r = 0; r < ${dim(outShape[0])}; r++) {
  const o = r * ${cols};
  for (let j = 0; j < ${cols}; j++) ${out}[o + j] = ${x}[o + j]! + ${b}[j]!;
}`;
    },
  },
});
