// The loop nest of a reduction group or a loss group (4-plan/fuse-reduction.ts): per element, the
// group's elementwise nodes (composed by expr.ts from the ops' elementwise rules), the reduction's
// step on its input, and the stores of the values the group writes (a loss's gradients); values
// that do not vary over the loop (the seed ∂L/∂L spread over it) are computed once, before it.
// Reductions nested in the loop (rows: a row's max or Σ that the element reads) are accumulated
// first, each element's row in one inner loop over its columns, all of them side by side.
// Invariant: every node is computed once per element (a value read twice is bound to a local).
import type { Node } from "../../../ir/graph.ts";
import { ints } from "../../../ops/define.ts";
import { jsRules } from "../rules.ts";
import type { Accumulator, JsRule } from "../rule.ts";
import { InternalError } from "../../../errors.ts";
import type { Group, LeafRole } from "../../../phases/4-plan/fuse.ts";
import { elementReads, loopInvariant } from "../../../phases/4-plan/fuse-reduction.ts";
import { elementCode, isAtomic, type ElementInputs } from "./expr.ts";
import type { LoopContext } from "./loops.ts";
import { MAX_LEAF_LOCALS } from "./locals.ts";

export function reductionLoop(group: Group, ctx: LoopContext): string {
  const R = group.head!;
  const acc = accumulator(R);
  const shape = ctx.shapeOf(R.inputs[0]);
  const reduced = ints(R.attrs, "axes").length;
  const rows = ctx.size(shape.slice(0, shape.length - reduced));
  const cols = ctx.size(shape.slice(shape.length - reduced));
  const nodes = group.tail;
  const inLoop = new Set(nodes.map((n) => n.id));
  const invariant = new Set<string>();
  for (const n of nodes) if (loopInvariant(n, inLoop, invariant, ctx.shapeOf)) invariant.add(n.id);

  const before: string[] = [];
  const locals = new Map<string, string>();
  const given = new Map<string, string>();
  let temps = 0;
  const temp = () => `v${temps++}`;
  /** Loads of the element `index` names, into `into` (scalars: before the loop). */
  const leafAt = (index: string, into: string[]) => (id: string, role: LeafRole): string => {
    if (role === "column" || role === "row") throw new InternalError(`a reduction loop reads %${id} per ${role}`);
    const at = role === "scalar" ? "0" : index;
    const key = `${at}:${id}`;
    const known = locals.get(key);
    if (known) return known;
    if (locals.size >= MAX_LEAF_LOCALS) return `${ctx.varOf(id)}[${at}]!`;
    const name = `x${locals.size}`;
    locals.set(key, name);
    (role === "scalar" ? before : into).push(`const ${name} = ${ctx.varOf(id)}[${at}]!;`);
    return name;
  };
  const io = (index: string, into: string[]): ElementInputs => ({ leaf: leafAt(index, into), given, temp, helper: (name, text) => ctx.helpers.set(name, text) });
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
      const code = elementCode([n], ctx.shapeOf, { ...io("0", before), leaf: (id) => leafAt("0", before)(id, "scalar") });
      before.push(...code.temps.map((t) => `const ${t.name} = ${ctx.expr(t.code)};`));
      bind(n, code.expr, before);
      continue;
    }
    if (!rule.element) throw new InternalError(`a loop cannot compute ${n.op} per element`);
    const args = elementReads(n).map((id) => given.get(id) ?? leafAt("0", before)(id, "scalar"));
    const k = { inShapes: n.inputs.map((id) => ctx.shapeOf(id)), outShape: n.shape, attrs: n.attrs, dim: ctx.dim };
    bind(n, rule.element(args, k), before);
  }

  /**
   * The code of one element at `index`: every node of `list` a later one reads twice, an
   * accumulator reads or the loop stores is bound to a local (the rest is substituted into its
   * reader); returns the lines and the accumulated values' code.
   */
  const elementLines = (list: readonly Node[], accumulated: readonly string[], stored: ReadonlySet<string>, index: string) => {
    const loads: string[] = [];
    const lines: string[] = [];
    const inList = new Set(list.map((n) => n.id));
    const reads = new Map<string, number>();
    for (const n of list) for (const id of n.inputs) reads.set(id, (reads.get(id) ?? 0) + 1);
    const ancestors = (n: Node): Node[] => {
      const want = new Set([n.id]);
      for (const m of [...list].reverse()) if (want.has(m.id)) for (const id of m.inputs) if (inList.has(id) && !given.has(id)) want.add(id);
      return list.filter((m) => want.has(m.id));
    };
    for (const n of list) {
      const isAccumulated = accumulated.includes(n.id);
      if (!isAccumulated && !stored.has(n.id) && (reads.get(n.id) ?? 0) < 2) continue;
      const code = elementCode(ancestors(n), ctx.shapeOf, io(index, loads));
      lines.push(...code.temps.map((t) => `const ${t.name} = ${ctx.expr(t.code)};`));
      if (stored.has(n.id) && !isAccumulated && (reads.get(n.id) ?? 0) === 0) {
        lines.push(`${ctx.varOf(n.id)}[${index}] = ${ctx.expr(code.expr)};`);
        continue;
      }
      bind(n, code.expr, lines);
      if (stored.has(n.id)) lines.push(`${ctx.varOf(n.id)}[${index}] = ${given.get(n.id)};`);
    }
    // (an accumulated value computed nowhere in the list is read from memory)
    const values = accumulated.map((id) => given.get(id) ?? io(index, loads).leaf(id, "same"));
    return { lines: [...loads, ...lines], values };
  };

  // Rows: each nested reduction's value for element i, accumulated over its row in one inner loop.
  const rowLines: string[] = [];
  const inner = group.inner ?? [];
  if (inner.length > 0) {
    const rowShape = ctx.shapeOf(inner[0].head!.inputs[0]);
    const width = ctx.size(rowShape.slice(shape.length));
    const names = inner.map((_, k) => `row${k}`);
    const accs = inner.map((gr) => accumulator(gr.head!));
    const element = elementLines(inner.flatMap((gr) => gr.tail), inner.map((gr) => gr.head!.inputs[0]), new Set(), "k");
    const steps = accs.map((a, k) => a.step(names[k], element.values[k]));
    rowLines.push(
      `const b = i * ${width};`,
      ...accs.map((a, k) => `let ${names[k]} = ${a.init};`),
      `for (let c = 0; c < ${width}; c++) {\nconst k = b + c;\n${[...element.lines, ...steps].join("\n")}\n}`,
    );
    inner.forEach((gr, k) => bind(gr.head!, accs[k].result(names[k], width), rowLines));
  }

  // Per element: a value read more than once, accumulated or stored is bound to a local.
  const perElement = nodes.filter((n) => !invariant.has(n.id));
  const stored = new Set(group.writes.filter((id) => id !== R.id));
  const element = elementLines(perElement, [R.inputs[0]], stored, "i");
  const afterRows = [...element.lines];
  // (a stored value that does not vary over the loop, −1/N spread over it, is still stored per element)
  // (a scalar other loops read is stored once, before the loop)
  for (const n of nodes) {
    if (!invariant.has(n.id) || !stored.has(n.id)) continue;
    if (n.shape.length === 0) before.push(`${ctx.varOf(n.id)}[0] = ${given.get(n.id)};`);
    else afterRows.push(`${ctx.varOf(n.id)}[i] = ${given.get(n.id)};`);
  }

  const out = ctx.varOf(R.id);
  const body = [...rowLines, ...afterRows, acc.step("acc", element.values[0])].join("\n");
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

/** The accumulator rule of a reduction a loop computes. */
function accumulator(R: Node): Accumulator {
  const rule: JsRule = jsRules[R.op];
  if (rule.kind !== "kernel" || !rule.accumulate) throw new InternalError(`a loop cannot accumulate ${R.op}`);
  return rule.accumulate;
}
