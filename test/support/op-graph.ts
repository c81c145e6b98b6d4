// One primitive op wrapped in the smallest trainable graph, compiled and loaded: the op applied to
// parameters (and, at the `data` positions, to inputs), then mse against a `target` input (a
// scalar op is the loss itself). Shared by the finite-difference check and the TF.js oracle.
import { GraphBuilder } from "../../compiler/ir/builder.ts";
import type { Attrs, DType, Shape, Value } from "../../compiler/ir/graph.ts";
import type { OpName } from "../../compiler/ops/index.ts";
import { compileGraph } from "../../compiler/index.ts";
import { metaFromGraph } from "../../compiler/phases/5-emit/meta.ts";
import { loadModule } from "./load-module.ts";

export interface OpUnderTest {
  op: OpName;
  shapes: Shape[];
  attrs?: Attrs;
  /** Operand indices that are data (inputs), not parameters. */
  data?: number[];
}

/**
 * Operand i is parameter `p<i>` or input `d<i>`; a batched operand (shape [n, ...]) that is not data
 * is the input `d<i>` times the parameter `p<i>` (its per-sample shape) broadcast over the batch, so
 * every sample reaches the op with its own values. The graph is named `<prefix>_<op>`.
 */
export async function compileOpGraph(c: OpUnderTest, dtype: DType, prefix: string) {
  const b = new GraphBuilder(`${prefix}_${c.op}`, dtype);
  const data = new Set(c.data ?? []);
  const operand = (s: Shape, i: number): Value => {
    if (data.has(i)) return b.input(`d${i}`, s);
    if (s[0] !== "n") return b.param(`p${i}`, s);
    const d = b.input(`d${i}`, s);
    return b.mul(d, b.apply("broadcast", [b.param(`p${i}`, s.slice(1)), d]));
  };
  const operands: Value[] = c.shapes.map(operand);
  b.comment = c.op;
  const out = b.apply(c.op, operands, c.attrs ?? {}, "out");
  const target = b.input("target", out.shape);
  // mse against a fixed random target weights every element's gradient 2(out − target)/N differently.
  const loss = out.shape.length === 0 ? out : b.apply("mse", [out, target], {}, "loss");
  const graph = b.finish(out.id, loss.id);
  const compiled = await compileGraph(graph, metaFromGraph(graph, { inputs: graph.inputs.length - 1 }));
  return { graph, out, data, module: await loadModule(compiled.code) };
}
