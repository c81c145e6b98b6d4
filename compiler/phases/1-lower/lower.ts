// Lowering: normalized spec → IR graph of the forward pass and the loss, plus what the emitter
// needs to know about each parameter (its layout name and initializer). No gradients here.
// Each spec node kind is a composition of primitives (compiler/layers/); this file only wires them.
import { GraphBuilder } from "../../ir/builder.ts";
import type { Graph, Value } from "../../ir/graph.ts";
import type { NormalizedNode, NormalizedSpec } from "../../../src/spec/types.ts";
import { applyActivation } from "./activation.ts";
import { lowerLoss } from "./loss.ts";
import { InternalError } from "../../errors.ts";
import { isBatched, withBatch, type Initializer, type LayerContext, type Mode, type ParamInfo, type StateInfo } from "../../layers/context.ts";
import { batchNormalization } from "../../layers/batch-normalization.ts";
import { dropout } from "../../layers/dropout.ts";
import { dense } from "../../layers/dense.ts";
import { pool } from "../../layers/pool.ts";
import { conv, depthwiseConv } from "../../layers/conv.ts";
import { binary } from "../../layers/elementwise.ts";
import { layerNormalization } from "../../layers/layer-normalization.ts";
import { embedding } from "../../layers/embedding.ts";
import { multiHeadAttention } from "../../layers/attention.ts";
import { reduce } from "../../layers/reduce.ts";
import { softmax } from "../../layers/softmax.ts";
import { concat, reshape, slice, transpose } from "../../layers/movement.ts";

export type { Initializer, Mode, ParamInfo, StateInfo };

export interface Lowered {
  graph: Graph;
  params: ParamInfo[];
  state: StateInfo[];
}

/** Whether the spec computes differently in training and inference (batch norm, dropout). */
export function hasModes(spec: NormalizedSpec): boolean {
  return spec.nodes.some((n) => n.kind === "batchNormalization" || n.kind === "dropout");
}

/** The spec's graph in one mode (default training: what loss, backward and trainStep run). */
export function lower(spec: NormalizedSpec, mode: Mode = "train"): Lowered {
  const b = new GraphBuilder(spec.name, spec.dtype);
  const values = new Map<string, Value>();
  const params: ParamInfo[] = [];
  const state: StateInfo[] = [];
  for (const v of [...spec.inputs, ...spec.targets]) {
    values.set(v.name, b.input(v.name, ["n", ...v.shape], v.dtype === "int32" ? "i32" : undefined));
  }
  const get = (name: string): Value => {
    const v = values.get(name);
    if (!v) throw new InternalError(`lowering: ${name} is not defined`);
    return v;
  };
  const ctx: LayerContext = {
    b,
    mode,
    param: (layer, suffix, shape, init: Initializer, fans) => {
      const name = `${layer}.${suffix}`;
      const v = b.param(name, shape);
      params.push({ id: v.id, name, shape, init, ...(fans ? { fans } : {}) });
      return v;
    },
    state: (layer, suffix, shape, init) => {
      const name = `${layer}.${suffix}`;
      const v = b.stateValue(name, shape);
      state.push({ id: v.id, name, shape, init });
      return v;
    },
  };
  // A value computed from constants and parameters alone has no n; where a per-batch value is needed
  // (attention, the loss terms, the outputs) it becomes n copies of itself (the first input gives n).
  const reference = get(spec.inputs[0]!.name);
  const batched = (v: Value) => withBatch(b, v, reference);
  for (const node of spec.nodes) {
    b.comment = node.name;
    values.set(node.name, lowerNode(ctx, node, get, batched));
  }
  const { output, loss } = lowerLoss(b, spec, (name) => batched(get(name)));
  const extra = spec.outputs.slice(1).map((o) => batched(get(o.node)).id);
  return { graph: b.finish(output.id, loss.id, [], extra), params, state };
}

const UNARY = { exp: "exp", log: "log", sqrt: "sqrt", square: "square", abs: "abs", neg: "neg" } as const;

function lowerNode(ctx: LayerContext, node: NormalizedNode, get: (name: string) => Value, batched: (v: Value) => Value): Value {
  const { b } = ctx;
  switch (node.kind) {
    case "dense":
      return dense(ctx, node, get(node.input));
    case "conv2d":
    case "conv1d":
      return conv(ctx, node, batched(get(node.input)));
    case "maxPooling2d":
    case "averagePooling2d":
    case "maxPooling1d":
    case "averagePooling1d":
      return pool(b, node, batched(get(node.input)));
    case "depthwiseConv2d":
      return depthwiseConv(ctx, node, batched(get(node.input)));
    case "add": {
      const [first, ...rest] = node.inputs.map(get);
      return rest.reduce((sum, x, i) => binary(b, "add", sum, x, i === rest.length - 1 ? node.name : `${node.name}.partial${i + 1}`), first);
    }
    case "binary":
      return binary(b, node.op, get(node.inputs[0]), get(node.inputs[1]), node.name);
    case "unary":
      return b.apply(UNARY[node.op], [get(node.input)], {}, node.name);
    case "activation":
      return applyActivation(b, node.activation, get(node.input), node.name);
    case "scale":
      return b.affine(get(node.input), node.factor, 0);
    case "constant":
      return b.apply("tensor", [], { shape: node.shape, values: node.values }, node.name);
    case "matmul":
      return matmul(b, node, get(node.inputs[0]), get(node.inputs[1]));
    case "reshape":
      return reshape(b, node, get(node.input));
    case "transpose":
      return transpose(b, node, get(node.input));
    case "concat":
      return concat(b, node, node.inputs.map(get));
    case "slice":
      return slice(b, node, get(node.input));
    case "reduce":
      return reduce(b, node, get(node.input));
    case "softmax":
      return softmax(b, node, get(node.input));
    case "layerNormalization":
      return layerNormalization(ctx, node, get(node.input));
    case "batchNormalization":
      return batchNormalization(ctx, node, get(node.input));
    case "dropout":
      return dropout(ctx, node, get(node.input));
    case "embedding":
      return embedding(ctx, node, get(node.input));
    case "multiHeadAttention":
      return multiHeadAttention(ctx, node, batched(get(node.query)), batched(get(node.value)));
  }
}

/**
 * tf.matMul on per-sample operands of rank ≥ 2: a product over the last two axes, batched over the
 * leading ones (and over n when both operands carry it).
 */
function matmul(b: GraphBuilder, node: Extract<NormalizedNode, { kind: "matmul" }>, x: Value, y: Value): Value {
  if (isBatched(x) !== isBatched(y) && !(isBatched(x) && y.shape.length === 2)) {
    // A constant operand (no n) with batch axes, or on the left: n copies of it, so the batch axes align.
    [x, y] = isBatched(x) ? [x, withBatch(b, y, x)] : [withBatch(b, x, y), y];
  }
  const [ra, rb] = [x.shape.length, y.shape.length];
  const batchA = Array.from({ length: ra - 2 }, (_, i) => i);
  const batchB = Array.from({ length: rb - 2 }, (_, i) => i);
  if (batchA.length !== batchB.length) {
    // (only n differs: a constant right operand of rank 2 multiplies every sample alike)
    return b.apply("dot_general", [x, y], { lb: [], rb: [], lc: [node.transposeA ? ra - 2 : ra - 1], rc: [node.transposeB ? 1 : 0] }, node.name);
  }
  const lc = [node.transposeA ? ra - 2 : ra - 1];
  const rc = [node.transposeB ? rb - 1 : rb - 2];
  // output: batch axes, then a's free axis, then b's free axis: [.., M, N]
  const product = b.apply("dot_general", [x, y], { lb: batchA, rb: batchB, lc, rc }, node.name);
  return product;
}
