// The loop nest of a reduction group or a loss group (4-plan/fuse-reduction.ts): per element, the
// group's elementwise nodes (composed by expr.ts from the ops' elementwise rules), the reduction's
// step on its input, and the stores of the values the group writes (a loss's gradients); values
// that do not vary over the loop (the seed ∂L/∂L spread over it) are computed once, before it.
// Invariant: every node is computed once per element (a value read twice is bound to a local).
import type { Node } from "../../../ir/graph.ts";
import { ints } from "../../../ops/define.ts";
import { jsRules } from "../rules.ts";
import type { JsRule } from "../rule.ts";
import { InternalError } from "../../../errors.ts";
import type { Group, LeafRole } from "../../../phases/4-plan/fuse.ts";
import { elementReads, loopInvariant } from "../../../phases/4-plan/fuse-reduction.ts";
import { elementCode, isAtomic } from "./expr.ts";
import type { LoopContext } from "./loops.ts";
import { MAX_LEAF_LOCALS } from "./locals.ts";

export function reductionLoop(group: Group, ctx: LoopContext): string {
  const R = group.head!;
  const reduction: JsRule = jsRules[R.op];
  if (reduction.kind !== "kernel" || !reduction.accumulate) throw new InternalError(`a loop cannot accumulate ${R.op}`);
  const acc = reduction.accumulate;
  const shape = ctx.shapeOf(R.inputs[0]);
  const reduced = ints(R.attrs, "axes").length;
  const rows = ctx.size(shape.slice(0, shape.length - reduced));
  const cols = ctx.size(shape.slice(shape.length - reduced));
  const nodes = group.tail;
  const inLoop = new Set(nodes.map((n) => n.id));
  const invariant = new Set<string>();
  for (const n of nodes) if (loopInvariant(n, inLoop, invariant, ctx.shapeOf)) invariant.add(n.id);

  const before: string[] = [];
  const loads: string[] = [];
  const element: string[] = [];
  const locals = new Map<string, string>();
  const given = new Map<string, string>();
  let temps = 0;
  const temp = () => `v${temps++}`;
  const leaf = (id: string, role: LeafRole): string => {
    if (role === "column" || role === "row") throw new InternalError(`a reduction loop reads %${id} per ${role}`);
    const index = role === "scalar" ? "0" : "i";
    const key = `${index}:${id}`;
    const known = locals.get(key);
    if (known) return known;
    if (locals.size >= MAX_LEAF_LOCALS) return `${ctx.varOf(id)}[${index}]!`;
    const name = `x${locals.size}`;
    locals.set(key, name);
    (role === "scalar" ? before : loads).push(`const ${name} = ${ctx.varOf(id)}[${index}]!;`);
    return name;
  };
  const io = { leaf, given, temp, helper: (name: string, text: string) => ctx.helpers.set(name, text) };
  const bind = (n: Node, code: string, into: string[]) => {
    if (isAtomic(code)) return given.set(n.id, code);
    const name = temp();
    into.push(`const ${name} = ${ctx.expr(code)};`);
    given.set(n.id, name);
  };

  // Once, before the loop: constants, scalars spread over the loop and what only they feed.
  for (const n of nodes.filter((m) => invariant.has(m.id))) {
    const rule: JsRule = jsRules[n.op];
    if (rule.kind === "elementwise") {
      const code = elementCode([n], ctx.shapeOf, { ...io, leaf: (id) => leaf(id, "scalar") });
      before.push(...code.temps.map((t) => `const ${t.name} = ${ctx.expr(t.code)};`));
      bind(n, code.expr, before);
      continue;
    }
    if (!rule.element) throw new InternalError(`a loop cannot compute ${n.op} per element`);
    const args = elementReads(n).map((id) => given.get(id) ?? leaf(id, "scalar"));
    const k = { inShapes: n.inputs.map((id) => ctx.shapeOf(id)), outShape: n.shape, attrs: n.attrs, dim: ctx.dim };
    bind(n, rule.element(args, k), before);
  }

  // Per element: a value read more than once, accumulated or stored is bound to a local.
  const perElement = nodes.filter((n) => !invariant.has(n.id));
  const reads = new Map<string, number>();
  for (const n of perElement) for (const id of n.inputs) reads.set(id, (reads.get(id) ?? 0) + 1);
  const stored = new Set(group.writes.filter((id) => id !== R.id));
  const ancestors = (n: Node): Node[] => {
    const want = new Set([n.id]);
    for (const m of [...perElement].reverse()) if (want.has(m.id)) for (const id of m.inputs) if (inLoop.has(id) && !given.has(id)) want.add(id);
    return perElement.filter((m) => want.has(m.id));
  };
  let value = "";
  for (const n of perElement) {
    const accumulated = n.id === R.inputs[0];
    if (!accumulated && !stored.has(n.id) && (reads.get(n.id) ?? 0) < 2) continue;
    const code = elementCode(ancestors(n), ctx.shapeOf, io);
    element.push(...code.temps.map((t) => `const ${t.name} = ${ctx.expr(t.code)};`));
    if (stored.has(n.id) && !accumulated && (reads.get(n.id) ?? 0) === 0) {
      element.push(`${ctx.varOf(n.id)}[i] = ${ctx.expr(code.expr)};`);
      continue;
    }
    bind(n, code.expr, element);
    if (stored.has(n.id)) element.push(`${ctx.varOf(n.id)}[i] = ${given.get(n.id)};`);
    if (accumulated) value = given.get(n.id)!;
  }
  // (a stored value that does not vary over the loop, −1/N spread over it, is still stored per element)
  // (a scalar other loops read is stored once, before the loop)
  for (const n of nodes) {
    if (!invariant.has(n.id) || !stored.has(n.id)) continue;
    if (n.shape.length === 0) before.push(`${ctx.varOf(n.id)}[0] = ${given.get(n.id)};`);
    else element.push(`${ctx.varOf(n.id)}[i] = ${given.get(n.id)};`);
  }
  // (a loss loop whose reduction reads a stored value: the gradients joined, not a tree)
  if (value === "") value = leaf(R.inputs[0], "same");

  const out = ctx.varOf(R.id);
  const body = [...loads, ...element, acc.step("acc", value)].join("\n");
  const result = (at: string) => `${out}[${at}] = ${ctx.expr(acc.result("acc", cols))};`;
  if (rows === "1") {
    return `{\n${[...before, `let acc = ${acc.init};`, `for (let i = 0; i < ${cols}; i++) {\n${body}\n}`, result("0")].join("\n")}\n}`;
  }
  const loop = `for (let r = 0; r < ${rows}; r++) {
  const o = r * ${cols};
  let acc = ${acc.init};
  for (let j = 0; j < ${cols}; j++) {
    const i = o + j;
    ${body}
  }
  ${result("r")}
}`;
  return `{\n${[...before, loop].join("\n")}\n}`;
}
