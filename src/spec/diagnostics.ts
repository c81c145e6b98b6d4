// Warnings about a valid spec: things that compile but are probably not what the author meant
// (nodes or inputs no output and no loss reads, stacked linear layers). Never errors; spec order.
import type { NormalizedNode, NormalizedSpec } from "./types.ts";
import { formatPath, quote } from "./issues.ts";
import { nodeInputs } from "./node-inputs.ts";

/** Human-readable warnings, each naming the node or input it is about. */
export function specDiagnostics(spec: NormalizedSpec): string[] {
  const byName = new Map(spec.nodes.map((n) => [n.name, n]));
  const readers = new Map<string, NormalizedNode[]>();
  for (const n of spec.nodes) {
    for (const ref of refsOf(n)) readers.set(ref, [...(readers.get(ref) ?? []), n]);
  }

  const used = new Set<string>();
  const stack = [...spec.outputs.map((o) => o.node), ...spec.loss.map((t) => t.output)];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (used.has(name)) continue;
    used.add(name);
    const node = byName.get(name);
    if (node) stack.push(...refsOf(node));
  }

  const simple = spec.outputs.length === 1 && spec.loss.every((t) => t.output === spec.output);
  const readersText = simple ? `the output ${quote(spec.output)}` : "any output or loss term";
  const out: string[] = [];
  for (const input of spec.inputs) {
    if (!used.has(input.name))
      out.push(
        `${formatPath(["inputs", input.name])}: not read by ${readersText}; the input is only checked, never used`,
      );
  }
  for (const n of spec.nodes) {
    if (!used.has(n.name)) {
      const params = WITH_PARAMETERS.has(n.kind) ? " and its parameters get zero gradients" : "";
      out.push(
        `${formatPath(["nodes", n.name])}: not used by ${readersText}; it is never computed${params}`,
      );
    }
  }
  for (const n of spec.nodes) {
    if (n.kind !== "dense" || n.activation.type !== "identity" || !used.has(n.name)) continue;
    const next = readers.get(n.name) ?? [];
    if (next.length === 1 && next[0].kind === "dense") {
      out.push(
        `${quote(n.name)} (dense, no activation) feeds only the dense layer ${quote(next[0].name)}: the two compose to one linear map; add an activation between them`,
      );
    }
  }
  return out;
}

const refsOf = nodeInputs;
const WITH_PARAMETERS: ReadonlySet<string> = new Set(["dense", "conv2d", "conv1d", "depthwiseConv2d", "layerNormalization", "batchNormalization", "embedding", "multiHeadAttention"]);
