// Lowering: normalized spec → IR graph of the forward pass and the loss, plus what the emitter
// needs to know about each parameter (its spec name and initializer). No gradients here.
import { GraphBuilder } from "../../ir/builder.ts";
import type { Graph, Value } from "../../ir/graph.ts";
import type { InitializerName, NormalizedNode, NormalizedSpec } from "../../../src/spec/types.ts";
import { applyActivation } from "./activation.ts";
import { InternalError, TapelessError } from "../../errors.ts";

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
  const loss = notCompiledYet(spec);
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
  const lowered = lowerLoss(b, loss, get(spec.output), get(loss.target as string));
  return { graph: b.finish(lowered.output.id, lowered.loss.id), params };
}

type LossTerm = NormalizedSpec["loss"][number] & { type: Exclude<NormalizedSpec["loss"][number]["type"], "custom" | "sparseSoftmaxCrossEntropy"> };
const TODAY_KINDS: ReadonlySet<string> = new Set(["dense", "add", "activation"]);

/** The single loss term of a spec this lowering handles; anything from issue 16 throws until it lands. */
function notCompiledYet(spec: NormalizedSpec): LossTerm {
  const refuse = (what: string): never => {
    throw new TapelessError(`${what}: not compiled yet (issue 16 in progress)`);
  };
  const shapes = new Map([...spec.inputs, ...spec.targets, ...spec.nodes].map((v) => [v.name, v.shape]));
  for (const v of [...spec.inputs, ...spec.targets]) {
    if (v.dtype !== "float") refuse(`${v.dtype} value ${JSON.stringify(v.name)}`);
    if (v.shape.length === 0) refuse(`per-sample scalar ${JSON.stringify(v.name)}`);
  }
  for (const node of spec.nodes) {
    if (!TODAY_KINDS.has(node.kind)) refuse(`${node.kind} node ${JSON.stringify(node.name)}`);
    if (node.kind === "dense" && shapes.get(node.input)?.length !== 1) refuse(`dense ${JSON.stringify(node.name)} on a rank > 1 input`);
    if (node.kind === "add" && node.inputs.some((i) => shapes.get(i)?.join() !== node.shape.join())) refuse(`broadcasting add ${JSON.stringify(node.name)}`);
  }
  if (spec.outputs.length !== 1) refuse("several outputs");
  const [term, ...more] = spec.loss;
  if (more.length > 0) refuse("several loss terms");
  if (term.weight !== 1) refuse("a loss weight other than 1");
  if (term.type === "custom" || term.type === "sparseSoftmaxCrossEntropy") refuse(`a ${term.type} loss`);
  if (term.output !== spec.output) refuse("a loss on a node other than the output");
  if (term.type === "softmaxCrossEntropy" && shapes.get(term.output)?.length !== 1) refuse("softmaxCrossEntropy on a rank > 1 output");
  return term as LossTerm;
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
    default:
      throw new InternalError(`lowering: ${node.kind} is refused by notCompiledYet`);
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
function lowerLoss(b: GraphBuilder, loss: LossTerm, z: Value, y: Value): { output: Value; loss: Value } {
  b.comment = "loss";
  switch (loss.type) {
    case "mse":
      return { output: z, loss: b.apply("mse", [z, y], {}, "loss") };
    case "meanAbsoluteError":
      return { output: z, loss: b.apply("mae", [z, y], {}, "loss") };
    case "huber":
      return { output: z, loss: b.apply("huber", [z, y], { delta: loss.delta ?? 1 }, "loss") };
    case "softmaxCrossEntropy":
      return { output: b.apply("softmax", [z], {}, "output"), loss: b.apply("softmax_xent", [z, y], {}, "loss") };
    case "sigmoidCrossEntropy":
      return { output: b.apply("sigmoid", [z], {}, "output"), loss: b.apply("sigmoid_xent", [z, y], {}, "loss") };
  }
}
