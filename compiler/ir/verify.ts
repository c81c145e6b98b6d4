// Checks a graph's invariants: SSA (each id defined once, before use), op arity and attributes,
// no attribute the op does not declare, every shape equal to its op's shape rule, results defined, one gradient per parameter.
import { InternalError } from "../errors.ts";
import { formatShape, leaves, outputIds, shapesEqual, type Attrs, type Graph, type Shape } from "./graph.ts";
import { ops } from "../ops/index.ts";
import { arityAccepts, attrProblem, operandProblem, type OpDef } from "../ops/define.ts";

export function verifyGraph(g: Graph, phase = "graph"): void {
  const problems = collectProblems(g);
  if (problems.length > 0) {
    throw new InternalError(`IR verification failed after ${phase}:\n  ${problems.join("\n  ")}`);
  }
}

export function collectProblems(g: Graph): string[] {
  const problems: string[] = [];
  const shapes = new Map<string, Shape>();
  const define = (id: string, shape: Shape) => {
    if (shapes.has(id)) problems.push(`%${id} is defined twice`);
    shapes.set(id, shape);
  };
  const dtypes = new Map<string, "i32">();
  for (const v of leaves(g)) {
    define(v.id, v.shape);
    if (v.dtype) dtypes.set(v.id, v.dtype);
  }
  for (const n of g.nodes) {
    const def: OpDef = ops[n.op];
    const missing = n.inputs.filter((id) => !shapes.has(id));
    if (missing.length > 0) problems.push(`%${n.id}: uses %${missing[0]} before it is defined`);
    else if (!arityAccepts(def, n.inputs.length)) problems.push(`%${n.id}: ${n.op} takes ${def.arity} inputs`);
    else {
      const wrongAttrs = attrProblem(def, n.attrs);
      const types = n.inputs.map((id) => dtypes.get(id));
      const wrongType = operandProblem(def, types);
      if (wrongAttrs) problems.push(`%${n.id}: ${wrongAttrs}`);
      else if (wrongType) problems.push(`%${n.id}: ${wrongType}`);
      else if (def.result?.(types) !== n.dtype) problems.push(`%${n.id}: ${n.op} gives ${def.result?.(types) ?? "floats"}, declared ${n.dtype ?? "floats"}`);
      else checkShape(n.id, n.op, n.inputs.map((id) => shapes.get(id)!), n, problems);
    }
    define(n.id, n.shape);
    if (n.dtype) dtypes.set(n.id, n.dtype);
  }
  for (const [what, id] of [...outputIds(g).map((id) => ["output", id] as const), ["loss", g.loss] as const]) {
    if (!shapes.has(id)) problems.push(`${what} %${id} is not defined`);
  }
  const lossShape = shapes.get(g.loss);
  if (lossShape && lossShape.length !== 0) problems.push(`loss %${g.loss} is not a scalar`);
  for (const u of g.updates ?? []) {
    const target = g.state?.find((v) => v.id === u.state);
    const value = shapes.get(u.value);
    if (!target) problems.push(`update of %${u.state}: not a state value`);
    else if (!value) problems.push(`update of %${u.state}: %${u.value} is not defined`);
    else if (!shapesEqual(target.shape, value)) problems.push(`update of %${u.state}: shape ${formatShape(value)} ≠ ${formatShape(target.shape)}`);
  }
  for (const gr of g.grads) {
    const param = g.params.find((p) => p.id === gr.param);
    const value = shapes.get(gr.value);
    if (!param) problems.push(`grad of %${gr.param}: not a parameter`);
    else if (!value) problems.push(`grad of %${gr.param}: %${gr.value} is not defined`);
    else if (!shapesEqual(param.shape, value)) {
      problems.push(`grad of %${gr.param}: shape ${formatShape(value)} ≠ ${formatShape(param.shape)}`);
    }
  }
  return problems;
}

function checkShape(
  id: string,
  op: keyof typeof ops,
  ins: Shape[],
  n: { shape: Shape; attrs: Attrs },
  problems: string[],
): void {
  try {
    const expected = ops[op].shape(ins, n.attrs);
    if (!shapesEqual(expected, n.shape)) {
      problems.push(`%${id}: ${op} gives ${formatShape(expected)}, declared ${formatShape(n.shape)}`);
    }
  } catch (e) {
    problems.push(`%${id}: ${(e as Error).message}`);
  }
}
