// Lowering: normalized spec → IR graph of the forward pass and the loss, plus what the emitter
// needs to know about each parameter (its spec name and initializer). No gradients here.
import { GraphBuilder } from "../../ir/builder.ts";
import type { Graph, Value } from "../../ir/graph.ts";
import type { InitializerName, NormalizedNode, NormalizedSpec } from "../../../src/spec/types.ts";
import { applyActivation } from "./activation.ts";
import { InternalError } from "../../errors.ts";

export type Initializer = InitializerName;

export interface ParamInfo {
  /** IR id of the parameter. */
  id: string;
  /** Name in the layout: `<layer>.kernel` / `<layer>.bias`. */
  name: string;
  shape: number[];
  init: Initializer;
}

export interface Lowered {
  graph: Graph;
  params: ParamInfo[];
}

export function lower(spec: NormalizedSpec): Lowered {
  const b = new GraphBuilder(spec.name, spec.dtype);
  const values = new Map<string, Value>();
  const params: ParamInfo[] = [];
  for (const v of [...spec.inputs, ...spec.targets]) values.set(v.name, b.input(v.name, ["n", ...v.shape]));
  const get = (name: string): Value => {
    const v = values.get(name);
    if (!v) throw new InternalError(`lowering: ${name} is not defined`);
    return v;
  };
  for (const node of spec.nodes) {
    b.comment = node.name;
    values.set(node.name, lowerNode(b, node, get, params));
  }
  const { output, loss } = lowerLoss(b, spec, get(spec.output), get(spec.loss.target));
  return { graph: b.finish(output.id, loss.id), params };
}

function lowerNode(
  b: GraphBuilder,
  node: NormalizedNode,
  get: (name: string) => Value,
  params: ParamInfo[],
): Value {
  switch (node.kind) {
    case "dense":
      return lowerDense(b, node, get(node.input), params);
    case "add": {
      const [first, ...rest] = node.inputs.map(get);
      return rest.reduce(
        (sum, x, i) => b.apply("add", [sum, x], {}, i === rest.length - 1 ? node.name : `${node.name}.partial${i + 1}`),
        first,
      );
    }
    case "activation":
      return applyActivation(b, node.activation, get(node.input), node.name);
  }
}

/** a = act(x·kernel + bias), kernel [in, units] as in Keras / TensorFlow.js. */
function lowerDense(
  b: GraphBuilder,
  node: Extract<NormalizedNode, { kind: "dense" }>,
  x: Value,
  params: ParamInfo[],
): Value {
  const hasAct = node.activation.type !== "identity";
  const declare = (suffix: string, shape: number[], init: Initializer) => {
    const name = `${node.name}.${suffix}`;
    const v = b.param(name, shape);
    params.push({ id: v.id, name, shape, init });
    return v;
  };
  const inDim = x.shape[x.shape.length - 1] as number;
  const kernel = declare("kernel", [inDim, node.units], node.kernelInitializer);
  const bias = node.useBias ? declare("bias", [node.units], node.biasInitializer) : undefined;
  const xw = b.apply("matmul", [x, kernel], { ta: 0, tb: 0 }, bias || hasAct ? `${node.name}.xW` : node.name);
  const z = bias ? b.apply("bias_add", [xw, bias], {}, hasAct ? `${node.name}.z` : node.name) : xw;
  return applyActivation(b, node.activation, z, node.name);
}

/** The model output (after the loss's output transform) and the scalar loss. */
function lowerLoss(b: GraphBuilder, spec: NormalizedSpec, z: Value, y: Value): { output: Value; loss: Value } {
  b.comment = "loss";
  switch (spec.loss.type) {
    case "mse":
      return { output: z, loss: b.apply("mse", [z, y], {}, "loss") };
    case "meanAbsoluteError":
      return { output: z, loss: b.apply("mae", [z, y], {}, "loss") };
    case "huber":
      return { output: z, loss: b.apply("huber", [z, y], { delta: spec.loss.delta ?? 1 }, "loss") };
    case "softmaxCrossEntropy":
      return { output: b.apply("softmax", [z], {}, "output"), loss: b.apply("softmax_xent", [z, y], {}, "loss") };
    case "sigmoidCrossEntropy":
      return { output: b.apply("sigmoid", [z], {}, "output"), loss: b.apply("sigmoid_xent", [z, y], {}, "loss") };
  }
}
