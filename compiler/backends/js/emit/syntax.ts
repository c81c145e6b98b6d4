// Emitted code as an ESTree syntax tree, from prettier's TypeScript parser: for the checks and
// oracles the tests run on emitted modules (allocation check, finalize.ts, indexed-reads.ts). A
// build parses nothing with it (the emitter writes the final text; resolve-names.ts lexes it).
import type { ParserOptions } from "prettier";
import { parsers } from "prettier/plugins/typescript";
import { InternalError } from "../../../errors.ts";

/** An ESTree / typescript-estree node: `range` is [start, end) in the source text. */
export interface SyntaxNode {
  type: string;
  range: [number, number];
  loc: { start: { line: number; column: number } };
  [key: string]: unknown;
}

export function parseModule(code: string): SyntaxNode {
  // The .ts file path tells the parser there is no JSX: without it prettier guesses with a regular
  // expression whose cost grows with the square of the module's length (format.ts does the same).
  const options = { filepath: "model.ts" } as ParserOptions;
  const ast = parsers.typescript.parse(code, options) as SyntaxNode | Promise<unknown>;
  if (ast instanceof Promise) throw new InternalError("prettier's TypeScript parser is asynchronous");
  return ast;
}

function isNode(value: unknown): value is SyntaxNode {
  return typeof value === "object" && value !== null && typeof (value as SyntaxNode).type === "string";
}

const SKIP = new Set(["loc", "range", "comments", "tokens"]);

/** The child nodes of `node`, in source order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  let sorted = true;
  const add = (child: SyntaxNode) => {
    const last = out[out.length - 1];
    if (last !== undefined && last.range[0] > child.range[0]) sorted = false;
    out.push(child);
  };
  for (const key in node) {
    const value = node[key];
    if (typeof value !== "object" || value === null || SKIP.has(key)) continue;
    if (isNode(value)) add(value);
    else if (Array.isArray(value)) for (const v of value) if (isNode(v)) add(v);
  }
  return sorted ? out : out.sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * Visits every node under `root` (not `root` itself) depth-first in source order, with its parent;
 * returning false from `visit` skips the node's children.
 */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode, parent: SyntaxNode) => boolean | void): void {
  for (const child of childrenOf(root)) if (visit(child, root) !== false) walk(child, visit);
}
