// Lays out a view with Graphviz compiled to WebAssembly (@viz-js/viz, no system install) and
// turns its SVG into page markup: ids prefixed per view (unique in the page), each IR node's group
// tagged `data-node="<id>"` (a reference to a value of the other view `data-ref`), no titles.
import { InternalError } from "../../compiler/errors.ts";
import type { PageData } from "./model.ts";
import { viewDot, type View } from "./graph-dot.ts";
import { escapeHtml } from "./text.ts";

type Viz = Awaited<ReturnType<typeof import("@viz-js/viz").instance>>;
let viz: Promise<Viz> | undefined;

/** Loaded once per process (the wasm module takes a moment to compile). */
function graphviz(): Promise<Viz> {
  viz ??= import("@viz-js/viz").then((m) => m.instance());
  return viz;
}

export async function viewSvg(data: PageData, view: View): Promise<string> {
  const result = (await graphviz()).render(viewDot(data, view), { format: "svg", engine: "dot" });
  if (result.status !== "success")
    throw new InternalError(`inspect: Graphviz failed: ${result.errors.map((e) => e.message).join("; ")}`);
  const prefix = view === "forward" ? "f-" : "g-";
  return result.output
    .replace(/^[\s\S]*?(?=<svg)/, "")
    .replace(/<!--[\s\S]*?-->\n?/g, "")
    .replace(/<title>[^<]*<\/title>\n?/g, "")
    .replace(/<svg width="[^"]*" height="[^"]*"/, `<svg class="graph" data-view="${view}"`)
    .replace(/ id="/g, ` id="${prefix}`)
    .replace(/<g id="[fg]-([nr])(\d+)" class="([^"]*)">/g, (_, kind: string, i: string, cls: string) => {
      const node = data.nodes[Number(i)];
      if (!node) throw new InternalError(`inspect: Graphviz node ${kind}${i} is not in the graph`);
      const role = kind === "n" ? "data-node" : "data-ref";
      return `<g id="${prefix}${kind}${i}" class="${cls}" ${role}="${escapeHtml(node.id)}">`;
    });
}
