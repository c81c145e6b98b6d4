import { InternalError, ShapeError } from "../errors.ts";
import { formatShape, type Attrs, type Shape, type Value } from "../ir/graph.ts";
import type { GraphBuilder } from "../ir/builder.ts";
import { defineOp, ints } from "./define.ts";
import { staticSize } from "./nd.ts";
import { checkPerm, inversePerm } from "./transpose.ts";

// XLA's dot_general: C = Σ over the contracting axes (lc of A paired with rc of B) of A · B, with the
// batch axes (lb of A paired with rb of B) kept apart. C's axes: the batch axes (in lb order), A's
// free axes, then B's free axes (each in its operand's order). A dense layer on [n,T,d]·[d,u] is
// lc=[2], rc=[0]; attention scores per head [n,T,H,k]·[n,T,H,k] are lb=[0,2], rb=[0,2], lc=[3], rc=[3].
// The batch dimension n: a batch axis paired with B's n at the first position of lb and rb, a free
// axis of A (then lb is empty, so n leads C), or contracted with B's n (then lb is empty). B's n is
// never free: put the batched operand first (the VJP below always can).

export interface Dims {
  readonly lb: readonly number[];
  readonly rb: readonly number[];
  readonly lc: readonly number[];
  readonly rc: readonly number[];
  /** A's and B's free axes, in order. */
  readonly lf: readonly number[];
  readonly rf: readonly number[];
  readonly out: Shape;
}

const list = (name: string, axes: readonly number[]) => `${name}=[${axes.join(",")}]`;

/** The axes of a and b the attributes name, checked; C's shape. */
export function dotDims(a: Shape, b: Shape, attrs: Attrs): Dims {
  const [lb, rb, lc, rc] = ["lb", "rb", "lc", "rc"].map((k) => ints(attrs, k)) as [number[], number[], number[], number[]];
  const both = `${formatShape(a)} and ${formatShape(b)}`;
  for (const [x, y] of [["lb", "rb"], ["lc", "rc"]] as const) {
    if (ints(attrs, x).length !== ints(attrs, y).length) {
      throw new ShapeError(`${list(x, ints(attrs, x))} and ${list(y, ints(attrs, y))} pair axes of ${both}: they differ in length`);
    }
  }
  const free = (s: Shape, batch: readonly number[], contract: readonly number[], names: [string, string]) => {
    for (const [name, axes] of [[names[0], batch], [names[1], contract]] as const) {
      const bad = axes.find((ax) => !(Number.isInteger(ax) && ax >= 0 && ax < s.length));
      if (bad !== undefined) throw new ShapeError(`${list(name, axes)} names axis ${bad}, not an axis of ${formatShape(s)}`);
    }
    const used = [...batch, ...contract];
    const twice = used.find((ax, i) => used.indexOf(ax) !== i);
    if (twice !== undefined) {
      throw new ShapeError(`axis ${twice} of ${formatShape(s)} is named twice in ${list(names[0], batch)}, ${list(names[1], contract)}`);
    }
    return s.map((_, i) => i).filter((i) => !used.includes(i));
  };
  const lf = free(a, lb, lc, ["lb", "lc"]);
  const rf = free(b, rb, rc, ["rb", "rc"]);
  for (const [x, y, xs, ys] of [["lb", "rb", lb, rb], ["lc", "rc", lc, rc]] as const) {
    xs.forEach((ax, t) => {
      if (a[ax] !== b[ys[t]!]) {
        throw new ShapeError(`${x}[${t}]=${ax} and ${y}[${t}]=${ys[t]} pair dimensions ${a[ax]} and ${b[ys[t]!]} of ${both}`);
      }
    });
  }
  if (b[0] === "n" && rf.includes(0)) {
    throw new ShapeError(`the batch dimension n of ${formatShape(b)} (the second operand) would be a free axis: put the batched operand first`);
  }
  if (a[0] === "n" && lc.includes(0) && lb.length > 0) {
    throw new ShapeError(`contracting the batch dimension n of ${both} while ${list("lb", lb)} keeps batch axes is not supported`);
  }
  const out = [...lb.map((ax) => a[ax]!), ...lf.map((ax) => a[ax]!), ...rf.map((ax) => b[ax]!)];
  if (out.indexOf("n") > 0) {
    throw new ShapeError(`the batch dimension n of ${both} would be axis ${out.indexOf("n")} of the result ${formatShape(out)}, not the first`);
  }
  return { lb, rb, lc, rc, lf, rf, out };
}

/** ∂L/∂X for operand `side` (0: A, 1: B) as a dot_general of ∂L/∂C with the other operand, then a transpose to X's axis order. */
function operandGradient(b: GraphBuilder, dy: Value, x: readonly Value[], attrs: Attrs, side: 0 | 1): Value {
  const d = dotDims(x[0]!.shape, x[1]!.shape, attrs);
  const [xb, xc, xf] = side === 0 ? [d.lb, d.lc, d.lf] : [d.rb, d.rc, d.rf];
  const [ob, oc, of] = side === 0 ? [d.rb, d.rc, d.rf] : [d.lb, d.lc, d.lf];
  const other = x[1 - side]!;
  const nb = d.lb.length;
  const dyBatch = d.lb.map((_, t) => t);
  // Positions of X's and the other operand's free axes in ∂L/∂C.
  const freeAt = (first: boolean, count: number) => Array.from({ length: count }, (_, t) => nb + (first ? 0 : d.lf.length) + t);
  const dyX = freeAt(side === 0, xf.length);
  const dyO = freeAt(side === 1, of.length);
  // X's contracting axes in the order of their partners' axes (the order they come out in).
  const xcByPartner = oc.map((o, t) => [o, xc[t]!] as const).sort((p, q) => p[0] - q[0]).map(([, ax]) => ax);
  const forms = [
    { ins: [dy, other], attrs: { lb: dyBatch, rb: ob, lc: dyO, rc: of }, axes: [...xb, ...xf, ...xcByPartner] },
    { ins: [other, dy], attrs: { lb: ob, rb: dyBatch, lc: of, rc: dyO }, axes: [...xb, ...xcByPartner, ...xf] },
  ].flatMap((f) => {
    try {
      const shape = dotDims(f.ins[0]!.shape, f.ins[1]!.shape, f.attrs).out;
      const perm = inversePerm(f.axes);
      checkPerm(shape, perm);
      return [{ ...f, perm, identity: perm.every((p, i) => p === i) }];
    } catch (e) {
      if (e instanceof ShapeError) return [];
      throw e;
    }
  });
  const form = forms.find((f) => f.identity) ?? forms[0];
  if (!form) throw new InternalError(`dot_general: no product gives ∂L/∂${x[side]!.id} with n first`);
  const product = b.apply("dot_general", form.ins, form.attrs);
  if (form.identity) return product;
  // (its own line in the generated comments: the product's axes put back in the operand's order)
  const rule = b.comment;
  b.comment = `${rule} (axes back in order)`;
  const moved = b.apply("transpose", [product], { perm: form.perm });
  b.comment = rule;
  return moved;
}

/** 2 multiply-adds per element of C per contracted element (per sample: n counted as 1). */
function contractionCost([a, b]: readonly Shape[], out: Shape, attrs: Attrs): number {
  const d = dotDims(a!, b!, attrs);
  return 2 * staticSize(out) * staticSize(d.lc.map((axis) => a![axis]!));
}

/** C = Σ_contracted A · B per batch index;  ∂L/∂A = ∂L/∂C · B over B's free axes,  ∂L/∂B = A · ∂L/∂C over A's free axes */
export const dot_general = defineOp({
  name: "dot_general",
  fusion: "contraction",
  cost: contractionCost,
  arity: 2,
  attrs: [],
  lists: ["lb", "rb", "lc", "rc"],
  doc: "{out} = Σ {0} · {1} over the contracting axes, per batch index",
  rules: ["∂L/∂{0} = ∂L/∂{out} · {1}, summed over {1}'s free axes", "∂L/∂{1} = {0} · ∂L/∂{out}, summed over {0}'s free axes"],
  shape: ([a, b], attrs) => dotDims(a!, b!, attrs).out,
  vjp: ({ b, dy, x, attrs }, i) => operandGradient(b, dy, x, attrs, i === 0 ? 0 : 1),
});
