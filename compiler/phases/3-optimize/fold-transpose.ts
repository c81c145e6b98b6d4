// A transpose feeding a product becomes a stride choice of that product, not a copy: the product
// reads the transpose's input with its axes renamed. C's shape and axis order never change, and a
// product that ran as a matrix-product kernel still does (tiles.ts decides); the transpose itself
// goes when nothing else reads it (dce). A chain of transposes becomes one.
import { valueShapes, type Graph, type Node, type Shape } from "../../ir/graph.ts";
import { ints } from "../../ops/define.ts";
import { isGemm } from "../4-plan/tiles.ts";
import { rewrite } from "./rewrite.ts";

export function foldTransposes(g: Graph): Graph {
  const shapes = valueShapes(g);
  const shapeOf = (id: string): Shape => shapes.get(id)!;
  return rewrite(g, (node, valueOf) => {
    const transposeOf = (id: string) => {
      const t = valueOf(id);
      return t?.op === "transpose" ? t : undefined;
    };
    switch (node.op) {
      case "dot_general":
        return [0, 1].reduce<Node>((n, side) => foldIntoDot(n, side as 0 | 1, transposeOf(n.inputs[side]!), shapeOf) ?? n, node);
      case "matmul":
        return [0, 1].reduce<Node>((n, side) => foldIntoMatmul(n, side as 0 | 1, transposeOf(n.inputs[side]!)) ?? n, node);
      case "transpose":
        return composeTransposes(node, transposeOf(node.inputs[0]!));
      default:
        return node;
    }
  });
}

/**
 * dot_general(xᵖ, y) = dot_general(x, y) with the operand's batch and contracting axes mapped
 * through p (axis i of xᵖ is axis p[i] of x). Its free axes come out in x's order, so they must keep
 * their relative order under p. n's rules still hold: a permutation keeps a batched value's n first.
 */
function foldIntoDot(node: Node, side: 0 | 1, t: Node | undefined, shapeOf: (id: string) => Shape): Node | undefined {
  if (!t) return undefined;
  const perm = ints(t.attrs, "perm");
  const [bk, ck] = side === 0 ? ["lb", "lc"] : ["rb", "rc"];
  const [batch, contract] = [ints(node.attrs, bk), ints(node.attrs, ck)];
  const free = perm.filter((_, i) => !batch.includes(i) && !contract.includes(i));
  if (free.some((ax, i) => i > 0 && ax < free[i - 1]!)) return undefined;
  const inputs = [...node.inputs];
  inputs[side] = t.inputs[0]!;
  const folded: Node = { ...node, inputs, attrs: { ...node.attrs, [bk]: batch.map((ax) => perm[ax]!), [ck]: contract.map((ax) => perm[ax]!) } };
  // A tiled matrix product that would become the generic strided loop is slower than the copy.
  return isGemm(node, shapeOf) && !isGemm(folded, shapeOf) ? undefined : folded;
}

/** matmul(xᵀ, y) = matmul(x, y) with ta flipped (tb for the right operand). */
function foldIntoMatmul(node: Node, side: 0 | 1, t: Node | undefined): Node | undefined {
  if (!t || t.shape.length !== 2 || ints(t.attrs, "perm")[0] !== 1) return undefined;
  const inputs = [...node.inputs];
  inputs[side] = t.inputs[0]!;
  const flag = side === 0 ? "ta" : "tb";
  return { ...node, inputs, attrs: { ...node.attrs, [flag]: node.attrs[flag] === 1 ? 0 : 1 } };
}

/**
 * (xᵖ)^q = x^r with r[i] = p[q[i]]. (Even when r is the identity the node stays, as a copy: a value
 * the graph returns may not be one of its inputs.)
 */
function composeTransposes(node: Node, inner: Node | undefined): Node {
  if (!inner) return node;
  const perm = ints(node.attrs, "perm").map((q) => ints(inner.attrs, "perm")[q]!);
  return { ...node, inputs: [inner.inputs[0]!], attrs: { ...node.attrs, perm } };
}
