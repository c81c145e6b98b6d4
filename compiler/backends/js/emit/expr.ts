// Composes the scalar expressions of a fused elementwise tree into the code of one element:
// intermediates are never stored, each op's expression is substituted into its consumer's.
// Invariant: no subexpression is evaluated twice (an argument a template uses more than once is
// bound to a temporary first, unless it is a name or a single load, which are free to repeat).
import type { Node, Shape } from "../../../ir/graph.ts";
import { jsRules } from "../rules.ts";
import { ops } from "../../../ops/index.ts";
import type { OpDef } from "../../../ops/define.ts";
import type { JsRule } from "../rule.ts";
import { InternalError } from "../../../errors.ts";
import { leafRole, type LeafRole } from "../../../phases/4-plan/fuse.ts";

export interface ElementCode {
  /** Temporaries to evaluate first, in order: `const name = code;`. */
  temps: { name: string; code: string }[];
  /** The root's value. */
  expr: string;
}

export interface ElementInputs {
  /** Code of a value read from outside the tree (already indexed), by role. */
  leaf(id: string, role: LeafRole): string;
  /** Code of nodes computed some other way (the accumulator of a matmul head, ...). */
  given?: ReadonlyMap<string, string>;
  /** A fresh temporary name. */
  temp(): string;
  /** Records a module-level helper function an expression calls. */
  helper(name: string, code: string): void;
}

const ATOMIC = /^(?:[A-Za-z_$][\w$]*(?:\[[^[\]()]*\]!?)?|\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/;

/** A name, a single typed-array load (marked `!` or not) or a number: cheap to repeat, needs no parentheses. */
export function isAtomic(code: string): boolean {
  return ATOMIC.test(code);
}

/** Code of the tree's root, `nodes` in schedule order (root last). */
export function elementCode(nodes: readonly Node[], shapeOf: (id: string) => Shape, io: ElementInputs): ElementCode {
  const inTree = new Map<string, string>();
  const temps: ElementCode["temps"] = [];
  for (const n of nodes) {
    const given = io.given?.get(n.id);
    if (given !== undefined) {
      inTree.set(n.id, given);
      continue;
    }
    const read = (id: string, i: number): string => {
      const role = leafRole(n, i, shapeOf(id));
      return role === "unused" ? "" : (inTree.get(id) ?? io.given?.get(id) ?? io.leaf(id, role));
    };
    // A repeat in the tree is its source read at the repeated index (its leaf role): no code of its own.
    if ((ops[n.op] as OpDef).repeats) {
      inTree.set(n.id, read(n.inputs[0]!, 0));
      continue;
    }
    const args = n.inputs.map(read);
    const uses = templateUses(n, args.length);
    const bound = args.map((code, i) => {
      if (isAtomic(code)) return code;
      if ((uses[i] ?? 0) > 1) {
        const name = io.temp();
        temps.push({ name, code });
        return name;
      }
      return `(${code})`;
    });
    inTree.set(n.id, opExpr(n, bound, io));
  }
  const root = nodes[nodes.length - 1];
  if (!root) throw new InternalError("elementCode: empty tree");
  return { temps, expr: inTree.get(root.id)! };
}

/** The op's scalar expression (a vector operand broadcast over rows comes in as its column's element). */
function opExpr(n: Node, args: readonly string[], io: ElementInputs): string {
  const emit: JsRule = jsRules[n.op];
  if (emit.kind !== "elementwise") throw new InternalError(`${n.op} is not elementwise`);
  for (const [name, code] of Object.entries(emit.helpers ?? {})) io.helper(name, code);
  return emit.expr(args, n.attrs);
}

/** How many times the op's expression template mentions each argument. */
function templateUses(n: Node, arity: number): number[] {
  const emit: JsRule = jsRules[n.op];
  if (emit.kind !== "elementwise") return [];
  const marks = Array.from({ length: arity }, (_, i) => `\u0000${i}\u0000`);
  const text = emit.expr(marks, n.attrs);
  return marks.map((m) => text.split(m).length - 1);
}
