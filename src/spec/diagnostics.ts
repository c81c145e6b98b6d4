// Warnings about a valid spec: things that compile but are probably not what the author meant
// (nodes or inputs nothing reads, stacked linear layers). Never errors; order is spec order.
import type { NormalizedNode, NormalizedSpec } from "./types.ts";
import { formatPath, quote } from "./issues.ts";

/** Human-readable warnings, each naming the node or input it is about. */
export function specDiagnostics(spec: NormalizedSpec): string[] {
  const byName = new Map(spec.nodes.map((n) => [n.name, n]));
  const readers = new Map<string, NormalizedNode[]>();
  for (const n of spec.nodes) {
    for (const ref of refsOf(n)) readers.set(ref, [...(readers.get(ref) ?? []), n]);
  }

  const used = new Set<string>();
  const stack = [spec.output];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (used.has(name)) continue;
    used.add(name);
    const node = byName.get(name);
    if (node) stack.push(...refsOf(node));
  }

  const out: string[] = [];
  for (const input of spec.inputs) {
    if (!used.has(input.name))
      out.push(
        `${formatPath(["inputs", input.name])}: not read by the output ${quote(spec.output)}; the input is only checked, never used`,
      );
  }
  for (const n of spec.nodes) {
    if (!used.has(n.name)) {
      const params = n.kind === "dense" ? " and its parameters get zero gradients" : "";
      out.push(
        `${formatPath(["nodes", n.name])}: not used by the output ${quote(spec.output)}; it is never computed${params}`,
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

function refsOf(n: NormalizedNode): string[] {
  return n.kind === "add" ? n.inputs : [n.input];
}
