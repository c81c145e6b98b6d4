// log Σⱼ exp zⱼ read off the softmax the forward pass already computed: softmax is monotonic, so
// at m = argmax z the largest probability is p_m = max p = 1 / Σⱼ exp(zⱼ − z_m), and
// logsumexp(z) = max z − log(max p), p_m ≥ 1/cols so the log is finite. Two max passes and one log
// per row instead of an exp per element. Applies when softmax(z) precedes logsumexp(z) in the graph
// (the model's output transform); value-preserving, so it runs after autodiff like every pass.
import type { Graph, Node } from "../../ir/graph.ts";
import type { OpName } from "../../ops/index.ts";

export function logsumexpFromSoftmax(g: Graph): Graph {
  const softmaxOf = new Map<string, Node>();
  const ids = new Set(g.nodes.map((n) => n.id));
  const fresh = (base: string): string => {
    let id = base;
    for (let k = 2; ids.has(id); k++) id = `${base}.${k}`;
    ids.add(id);
    return id;
  };
  let changed = false;
  const nodes: Node[] = [];
  for (const n of g.nodes) {
    if (n.op === "softmax" && !softmaxOf.has(n.inputs[0]!)) softmaxOf.set(n.inputs[0]!, n);
    const p = n.op === "logsumexp" ? softmaxOf.get(n.inputs[0]!) : undefined;
    if (!p) {
      nodes.push(n);
      continue;
    }
    changed = true;
    const z = n.inputs[0]!;
    const last = p.shape.length - 1;
    const at = (op: OpName, inputs: string[], suffix: string, attrs: Node["attrs"] = {}): Node => ({ id: fresh(`${n.id}.${suffix}`), op, inputs, attrs, shape: n.shape, comment: n.comment });
    const zMax = at("reduce_max", [z], "zMax", { axes: [last] });
    const pMax = at("reduce_max", [p.id], "pMax", { axes: [last] });
    const logP = at("log", [pMax.id], "logPMax");
    nodes.push(zMax, pMax, logP, { ...n, op: "sub", inputs: [zMax.id, logP.id], attrs: {} });
  }
  return changed ? { ...g, nodes } : g;
}
