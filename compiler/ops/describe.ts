// Fills an op's formula or chain-rule template ("∂L/∂{1} = {0}ᵀ · ∂L/∂{out}") with the names
// a reader of the layer knows, for IR comments and generated code.
import type { Node } from "../ir/graph.ts";

export function describe(template: string | null, node: Node): string {
  if (template === null) return "no gradient";
  const layer = node.comment;
  // One pass over the template: names substituted earlier are never rescanned, so a spec name
  // containing "{1}" (e.g. a layer called "a${1}") stays text instead of being substituted again.
  return template.replace(/\{(out|\d+)\}/g, (_, key: string) =>
    localName(key === "out" ? node.id : node.inputs[Number(key)], layer),
  );
}

/**
 * A value's name inside its layer: `dense2.kernel` → `kernel`, `dense2.z` → `z`; values from
 * other layers keep their own name (`dense1`, `x`); numbered temporaries read `%7`.
 */
function localName(id: string, layer: string): string {
  if (/^\d+$/.test(id)) return `%${id}`;
  return id.startsWith(`${layer}.`) ? id.slice(layer.length + 1) : id;
}
