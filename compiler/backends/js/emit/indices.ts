// i32 inputs (indices) in the generated module: the bound each must stay below (the smallest table
// row count or one_hot depth it reaches, found in the graph at compile time), and the code that
// checks them at the start of forward / loss / predict, before anything is kept or computed: one
// allocation-free loop per input. Emitted only for models with i32 inputs (float models unchanged).
import { leaves, type Graph } from "../../../ir/graph.ts";
import { ops } from "../../../ops/index.ts";
import type { OpDef } from "../../../ops/define.ts";

export interface IndexBound {
  /** Every value of the input must be in [0, bound). */
  bound: number;
  /** What the bound counts, e.g. "rows of embed.embeddings". */
  what: string;
}

/** The bound of every i32 input that reaches an indexing op, through i32 values (movement ops). */
export function indexBounds(g: Graph): Map<string, IndexBound> {
  const shapes = new Map([...leaves(g), ...g.nodes].map((v) => [v.id, v.shape]));
  // The i32 inputs each i32 value is computed from.
  const origins = new Map<string, Set<string>>(g.inputs.filter((v) => v.dtype === "i32").map((v) => [v.id, new Set([v.id])]));
  const bounds = new Map<string, IndexBound>();
  for (const n of g.nodes) {
    const def: OpDef = ops[n.op];
    const range = def.indexRange?.(n.inputs.map((id) => shapes.get(id)!), n.attrs);
    if (range) {
      const what = range.what.replace(/\{(out|\d)\}/g, (_: string, key: string) => (key === "out" ? n.id : n.inputs[Number(key)]!));
      for (const input of origins.get(n.inputs[range.operand]!) ?? []) {
        const known = bounds.get(input);
        if (!known || range.bound < known.bound) bounds.set(input, { bound: range.bound, what });
      }
    }
    if (n.dtype === "i32") origins.set(n.id, new Set(n.inputs.flatMap((id) => [...(origins.get(id) ?? [])])));
  }
  return bounds;
}

/** Module-level helpers: the errors, built out of line (the checks stay small enough to inline). */
export const INDEX_HELPERS = `/** The error for an i32 input that is not an Int32Array of the expected length. */
function indicesError(name: string, data: unknown, length: number, rows: string): Error {
  if (!(data instanceof Int32Array))
    return new TypeError(
      \`\${name}: expected an Int32Array of indices, got \${Object.prototype.toString.call(data)}\`,
    );
  return new RangeError(
    \`\${name}: expected at least \${length} values (\${rows} × row size), got \${data.length}\`,
  );
}

function indexError(name: string, at: number, index: number, bound: number, what: string): Error {
  return new RangeError(\`\${name}[\${at}] = \${index} is outside [0, \${bound}) (\${what})\`);
}`;

/** Members of the Model class. */
export const INDEX_METHODS = `
  private checkIndices(name: string, data: Int32Array, length: number): void {
    if (!(data instanceof Int32Array && data.length >= length))
      throw indicesError(name, data, length, "batch");
  }

  // Every value in [0, bound): checked before anything runs, so a bad index changes nothing.
  private checkRange(
    name: string,
    data: Int32Array,
    length: number,
    bound: number,
    what: string,
  ): void {
    for (let i = 0; i < length; i++) {
      const index = data[i]!;
      if (index < 0 || index >= bound) throw indexError(name, i, index, bound, what);
    }
  }`;
