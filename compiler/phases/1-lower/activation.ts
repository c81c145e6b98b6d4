// Lowers a spec activation to its primitive op (identity lowers to nothing).
import type { GraphBuilder } from "../../ir/builder.ts";
import type { Value } from "../../ir/graph.ts";
import type { Activation } from "../../../src/spec/types.ts";
import type { OpName } from "../../ops/index.ts";

const OP_OF: Record<Exclude<Activation["type"], "identity">, OpName> = {
  relu: "relu",
  leakyRelu: "leaky_relu",
  elu: "elu",
  sigmoid: "sigmoid",
  tanh: "tanh",
  softplus: "softplus",
  gelu: "gelu",
  silu: "silu",
  swish: "silu",
  softmax: "softmax",
};

export function applyActivation(b: GraphBuilder, act: Activation, x: Value, id: string): Value {
  if (act.type === "identity") return x;
  const attrs: Record<string, number> = act.alpha === undefined ? {} : { alpha: act.alpha };
  return b.apply(OP_OF[act.type], [x], attrs, id);
}
