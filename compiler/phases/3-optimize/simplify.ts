// Algebraic simplification and constant folding of the identities autodiff produces:
// x·1 → x (the seed ∂L/∂L = 1), 1·x + 0 → x, −(−x) → x, and ops on constants folded.
import type { Graph, Node } from "../../ir/graph.ts";
import { rewrite } from "./rewrite.ts";
import { num } from "../../ops/define.ts";

export function simplify(g: Graph): Graph {
  return rewrite(g, (node, valueOf) => {
    const constant = (id: string): number | undefined => {
      const n = valueOf(id);
      return n?.op === "const" ? num(n.attrs, "value") : undefined;
    };
    return simplifyNode(node, constant, valueOf) ?? node;
  });
}

function simplifyNode(
  n: Node,
  constant: (id: string) => number | undefined,
  valueOf: (id: string) => Node | undefined,
): Node | string | undefined {
  switch (n.op) {
    case "mul_scalar": {
      const s = constant(n.inputs[1]);
      const x = constant(n.inputs[0]);
      if (s === 1) return n.inputs[0];
      if (s !== undefined && x !== undefined) return { ...n, op: "const", inputs: [], attrs: { value: x * s } };
      return undefined;
    }
    case "affine": {
      const [scale, shift] = [num(n.attrs, "scale"), num(n.attrs, "shift")];
      if (scale === 1 && shift === 0) return n.inputs[0];
      const inner = valueOf(n.inputs[0]);
      // a·(c·x + d) + b = (a·c)·x + (a·d + b): fold chains of affine maps into one.
      if (inner?.op === "affine") {
        const attrs = { scale: scale * num(inner.attrs, "scale"), shift: scale * num(inner.attrs, "shift") + shift };
        return { ...n, inputs: inner.inputs, attrs };
      }
      const x = constant(n.inputs[0]);
      if (x !== undefined && n.shape.length === 0) return { ...n, op: "const", inputs: [], attrs: { value: scale * x + shift } };
      return undefined;
    }
    case "neg": {
      const inner = valueOf(n.inputs[0]);
      return inner?.op === "neg" ? inner.inputs[0] : undefined;
    }
    default:
      return undefined;
  }
}
