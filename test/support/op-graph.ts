// One primitive op wrapped in the smallest trainable graph, compiled and loaded: the op applied to
// parameters (and, at the `data` positions, to inputs; at the `i32` positions, to Int32Array
// inputs of indices), then mse against a `target` input (a scalar op is the loss itself). Shared by
// the finite-difference check and the TF.js oracle.
// An operand whose shape starts with the batch dimension n is an input `d<i>` plus a parameter
// `p<i>` broadcast over the batch (a bias): the parameter's gradient sums the operand's over the batch.
import { TEST_TARGET } from "./target.ts";
import { GraphBuilder } from "../../compiler/ir/builder.ts";
import { lowerLossFunction } from "../../compiler/phases/1-lower/loss.ts";
import type { Attrs, DType, Shape, Value } from "../../compiler/ir/graph.ts";
import type { OpName } from "../../compiler/ops/index.ts";
import { compileGraph } from "../../compiler/index.ts";
import { metaFromGraph } from "../../compiler/backends/js/emit/meta.ts";
import { loadModule } from "./load-module.ts";

export interface OpUnderTest {
  op: OpName;
  shapes: Shape[];
  attrs?: Attrs;
  /** Operand indices that are data (inputs), not parameters. */
  data?: number[];
  /** Operand indices that are i32 data (indices: inputs, never differentiated); data implicitly. */
  i32?: number[];
}

/** Operand i is parameter `p<i>`, input `d<i>`, or for a batched shape `d<i> + p<i>`; the graph is named `<prefix>_<op>`. */
export async function compileOpGraph(c: OpUnderTest, dtype: DType, prefix: string) {
  const b = new GraphBuilder(`${prefix}_${c.op}`, dtype);
  const ints = new Set(c.i32 ?? []);
  const data = new Set([...(c.data ?? []), ...ints]);
  const batched = new Set(c.shapes.flatMap((s, i) => (s[0] === "n" && !data.has(i) ? [i] : [])));
  const operands: Value[] = c.shapes.map((s, i) => {
    if (data.has(i)) return b.input(`d${i}`, s, ints.has(i) ? "i32" : undefined);
    if (!batched.has(i)) return b.param(`p${i}`, s);
    b.comment = `operand ${i}`;
    const d = b.input(`d${i}`, s);
    return b.apply("add", [d, b.apply("broadcast", [b.param(`p${i}`, s.slice(1)), d])], {}, `x${i}`);
  });
  b.comment = c.op;
  const out = b.apply(c.op, operands, c.attrs ?? {}, "out");
  const target = b.input("target", out.shape);
  // mse (as primitives) against a fixed random target weights every element's gradient 2(out − target)/N differently.
  const loss = out.shape.length === 0 ? out : lowerLossFunction(b, "mse", out, target, "loss");
  const graph = b.finish(out.id, loss.id);
  const compiled = await compileGraph(graph, metaFromGraph(graph, { inputs: data.size + batched.size }), undefined, TEST_TARGET);
  return { graph, out, data, batched, code: compiled.code, module: await loadModule(compiled.code) };
}
