// Builds IR graphs: lowering and every VJP rule use it, so gradients are ordinary IR.
// Invariant: every node's inputs are defined before it and its shape obeys its op's rule.
import type { Attrs, DType, Graph, GradOutput, Node, Shape, StateUpdate, Value } from "./graph.ts";
import { ops, type OpName } from "../ops/index.ts";
import { arityAccepts, attrProblem, operandProblem, type OpDef } from "../ops/define.ts";
import { ShapeError, InternalError } from "../errors.ts";

export class GraphBuilder {
  /** Comment attached to the nodes created next (the layer, or the chain-rule term). */
  comment = "";
  private readonly shapes = new Map<string, Shape>();
  /** The i32 values (every other value holds the graph's floats). */
  private readonly dtypes = new Map<string, "i32">();
  private nextId = 0;

  constructor(
    readonly name: string,
    readonly dtype: DType,
    private readonly inputs: Value[] = [],
    private readonly params: Value[] = [],
    private readonly nodes: Node[] = [],
    private readonly state: Value[] = [],
    private readonly updates: StateUpdate[] = [],
  ) {
    for (const v of [...inputs, ...params, ...state, ...nodes]) {
      this.shapes.set(v.id, v.shape);
      if (v.dtype) this.dtypes.set(v.id, v.dtype);
    }
    for (const n of nodes) if (/^\d+$/.test(n.id)) this.nextId = Math.max(this.nextId, Number(n.id) + 1);
  }

  /** Continue building on an existing graph (its outputs are given again to finish()). */
  static from(g: Graph): GraphBuilder {
    return new GraphBuilder(g.name, g.dtype, [...g.inputs], [...g.params], [...g.nodes], [...(g.state ?? [])], [...(g.updates ?? [])]);
  }

  input(id: string, shape: Shape, dtype?: "i32"): Value {
    const v: Value = dtype ? { id: this.claim(id), shape, dtype } : { id: this.claim(id), shape };
    this.shapes.set(v.id, shape);
    if (dtype) this.dtypes.set(v.id, dtype);
    this.inputs.push(v);
    return v;
  }

  param(id: string, shape: Shape): Value {
    const v = { id: this.claim(id), shape };
    this.shapes.set(v.id, shape);
    this.params.push(v);
    return v;
  }

  /** A value the model keeps between calls without training it (read like a parameter). */
  stateValue(id: string, shape: Shape): Value {
    const v = { id: this.claim(id), shape };
    this.shapes.set(v.id, shape);
    this.state.push(v);
    return v;
  }

  /** After the loss, in training mode, `state` takes `value` (same shape). */
  update(state: Value, value: Value): void {
    if (!this.state.some((v) => v.id === state.id)) throw new InternalError(`update: %${state.id} is not a state value`);
    this.updates.push({ state: state.id, value: value.id });
  }

  /** Appends `op(inputs; attrs)`; `id` is a readable name hint (numbered when omitted or taken). */
  apply(op: OpName, inputs: readonly Value[], attrs: Attrs = {}, id?: string): Value {
    const def: OpDef = ops[op];
    if (!arityAccepts(def, inputs.length)) throw new InternalError(`${op} takes ${def.arity} inputs, got ${inputs.length}`);
    const wrongAttrs = attrProblem(def, attrs);
    if (wrongAttrs) throw new InternalError(wrongAttrs);
    for (const v of inputs) if (!this.shapes.has(v.id)) throw new InternalError(`${op}: %${v.id} is not defined`);
    const types = inputs.map((v) => this.dtypes.get(v.id));
    const wrongType = operandProblem(def, types);
    if (wrongType) throw new ShapeError(`${this.comment || op}: ${wrongType}`);
    let shape: Shape;
    try {
      shape = def.shape(inputs.map((v) => v.shape), attrs);
    } catch (e) {
      if (e instanceof ShapeError) throw new ShapeError(`${this.comment || op}: ${op}: ${e.message}`);
      throw e;
    }
    const dtype = def.result?.(types);
    const base = { id: this.claim(id), op, inputs: inputs.map((v) => v.id), attrs, shape, comment: this.comment };
    const node: Node = dtype ? { ...base, dtype } : base;
    this.shapes.set(node.id, shape);
    if (dtype) this.dtypes.set(node.id, dtype);
    this.nodes.push(node);
    return node;
  }

  // Sugar for the ops VJP rules use most.
  add(a: Value, b: Value): Value { return this.apply("add", [a, b]); }
  sub(a: Value, b: Value): Value { return this.apply("sub", [a, b]); }
  mul(a: Value, b: Value): Value { return this.apply("mul", [a, b]); }
  neg(a: Value): Value { return this.apply("neg", [a]); }
  /** scale · a + shift */
  affine(a: Value, scale: number, shift: number): Value { return this.apply("affine", [a], { scale, shift }); }

  /** "i32" for an integer value, undefined for the graph's floats. */
  dtypeOf(id: string): "i32" | undefined {
    return this.dtypes.get(id);
  }

  shapeOf(id: string): Shape {
    const s = this.shapes.get(id);
    if (!s) throw new InternalError(`%${id} is not defined`);
    return s;
  }

  finish(output: string, loss: string, grads: readonly GradOutput[] = [], extraOutputs: readonly string[] = []): Graph {
    for (const id of [output, ...extraOutputs, loss, ...grads.map((g) => g.value), ...this.updates.map((u) => u.value)]) this.shapeOf(id);
    return {
      ...(extraOutputs.length > 0 ? { extraOutputs: [...extraOutputs] } : {}),
      ...(this.state.length > 0 ? { state: [...this.state] } : {}),
      ...(this.updates.length > 0 ? { updates: [...this.updates] } : {}),
      name: this.name,
      dtype: this.dtype,
      inputs: [...this.inputs],
      params: [...this.params],
      nodes: [...this.nodes],
      output,
      loss,
      grads: [...grads],
    };
  }

  /** Reserves an id: the hint if free, else the hint with a numeric suffix, else a number. */
  private claim(hint: string | undefined): string {
    let id = hint ?? String(this.nextId++);
    for (let k = 2; this.shapes.has(id); k++) id = hint === undefined ? String(this.nextId++) : `${hint}~${k}`;
    this.shapes.set(id, []); // placeholder; replaced by the caller's shape below
    return id;
  }
}
