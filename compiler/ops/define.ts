// How a primitive op is defined: its shape rule, its derivative rule (VJP), its formula and
// chain-rule text and its fusion class, in one place. The VJP builds IR with the same builder as
// lowering does. How a backend emits the op is not here: compiler/backends/js/rules.ts.
import type { Attrs, Shape, Value } from "../ir/graph.ts";
import type { GraphBuilder } from "../ir/builder.ts";
import { ShapeError, TapelessError } from "../errors.ts";
import { formatShape, shapesEqual } from "../ir/graph.ts";
import { staticSize } from "./nd.ts";

export interface VjpContext {
  readonly b: GraphBuilder;
  /** The op's inputs. */
  readonly x: readonly Value[];
  /** The op's result. */
  readonly out: Value;
  /** ∂L/∂out, same shape as out. */
  readonly dy: Value;
  readonly attrs: Attrs;
}

/**
 * How the planner may fuse an op: an elementwise op runs inside its neighbours' loops; a reduction
 * or a contraction leads a loop nest whose epilogue can absorb elementwise work; a movement op is
 * an index map (a view where it can be); an opaque op writes its whole output alone.
 */
export type FusionClass = "elementwise" | "reduction" | "contraction" | "movement" | "opaque";

/** What an operand must hold: the model's floats, i32 indices, or either (movement ops). */
export type OperandType = "float" | "i32" | "any";

export interface OpDef {
  readonly name: string;
  readonly fusion: FusionClass;
  /**
   * A rough cost: scalar operations per sample (the batch dimension n counted as 1, so a product
   * contracted over the batch costs its share of one sample), from the shapes. For the plan report
   * and the inspector; see the cost helpers below for the weights.
   */
  readonly cost: (ins: readonly Shape[], out: Shape, attrs: Attrs) => number;
  /** The result does not depend on the order of the inputs (CSE compares them as a set). */
  readonly commutative?: boolean;
  /**
   * The result is drawn at random on every call (a dropout mask): CSE never merges two such nodes,
   * and the planner stores the result (a recomputation would draw other numbers).
   */
  readonly random?: boolean;
  /** The result is the sum of the inputs (a product's accumulators can start from a summand: a bias). */
  readonly sums?: boolean;
  /**
   * The result is input 0 repeated (numpy broadcasting; the operands giving only a shape are in
   * `shapeOnly`): a fused loop can read input 0 at the repeated index instead of a stored result
   * (4-plan/fuse.ts).
   */
  readonly repeats?: boolean;
  /**
   * Its kernel holds each output element in a local and stores it once, the last axis the column: an
   * elementwise tail (bias, activation) can run on the value before the store, as a matrix product's
   * epilogue does (4-plan/fuse.ts; the JavaScript kernel gets it as KernelContext.store).
   */
  readonly epilogue?: boolean;
  /** The number of inputs, or "variadic" (one or more). */
  readonly arity: number | "variadic";
  /** Numeric attributes. */
  readonly attrs: readonly string[];
  /** List attributes: integers (axes, a permutation, a shape) or a constant's values. */
  readonly lists?: readonly string[];
  /** Per operand (for a variadic op, the first entry applies to all); default every operand "float". */
  readonly operands?: readonly OperandType[];
  /** Operands read only for their shape (a broadcast's `like`): not data the op's loop reads. */
  readonly shapeOnly?: readonly number[];
  /** The result is i32 when this says so; default the graph's float type. */
  readonly result?: (ins: readonly ("i32" | undefined)[]) => "i32" | undefined;
  /**
   * For ops whose i32 operand indexes something (gather's table rows, one_hot's depth): that
   * operand, the exclusive bound its values must stay below, and what the bound counts ({0}, {1}
   * name the inputs, {out} the result). The generated module checks every i32 input reaching such an op against the
   * smallest bound before anything runs.
   */
  readonly indexRange?: (ins: readonly Shape[], attrs: Attrs) => { operand: number; bound: number; what: string };
  /** The forward formula, shown in the generated code. */
  readonly doc: string;
  /**
   * The chain-rule term per input, with {0}, {1}, {out} standing for the values' names
   * (e.g. "∂L/∂{1} = {0}ᵀ · ∂L/∂{out}"); null where the input gets no gradient. A variadic op has
   * one rule for every input, with {i} standing for the input's position (see ruleFor).
   */
  readonly rules: readonly (string | null)[];
  shape(ins: readonly Shape[], attrs: Attrs): Shape;
  /** ∂L/∂x[i] as IR built from ctx, or null when it is identically zero. */
  vjp(ctx: VjpContext, i: number): Value | null;
}

export function defineOp<const T extends OpDef>(def: T): T {
  return def;
}

/** A numeric attribute (the builder and the verifier have checked its kind). */
export function num(attrs: Attrs, key: string): number {
  return attrs[key] as number;
}

/** A list attribute. */
export function ints(attrs: Attrs, key: string): readonly number[] {
  return attrs[key] as readonly number[];
}

/** The chain-rule template of input i: a variadic op's one rule with {i} made that input. */
export function ruleFor(def: Pick<OpDef, "rules" | "arity">, i: number): string | null {
  if (def.arity !== "variadic") return def.rules[i] ?? null;
  return def.rules[0]?.replaceAll("{i}", `{${i}}`) ?? null;
}

/** Whether `count` inputs suit the op's arity. */
export function arityAccepts(def: Pick<OpDef, "arity">, count: number): boolean {
  return def.arity === "variadic" ? count >= 1 : count === def.arity;
}

/** The operand type required at position i. */
export function operandType(def: Pick<OpDef, "operands" | "arity">, i: number): OperandType {
  const list = def.operands ?? [];
  return (def.arity === "variadic" ? list[0] : list[i]) ?? "float";
}

/** Why operands of these types (i32 or the floats) do not suit the op, or undefined. */
export function operandProblem(def: Pick<OpDef, "name" | "operands" | "arity">, types: readonly ("i32" | undefined)[]): string | undefined {
  for (let i = 0; i < types.length; i++) {
    const want = operandType(def, i);
    if (want === "float" && types[i] === "i32") return `${def.name} needs floats, but operand ${i + 1} is i32`;
    if (want === "i32" && types[i] !== "i32") return `${def.name} needs i32 indices as operand ${i + 1}`;
  }
  return undefined;
}

/** Why `attrs` does not suit the op, or undefined: every declared attribute present with its kind, nothing else. */
export function attrProblem(def: Pick<OpDef, "name" | "attrs" | "lists">, attrs: Attrs): string | undefined {
  const lists = def.lists ?? [];
  for (const a of def.attrs) if (typeof attrs[a] !== "number") return `${def.name} is missing attribute ${a}`;
  for (const a of lists) {
    const v = attrs[a];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) return `${def.name} is missing attribute ${a} (a list of numbers)`;
  }
  const unknown = Object.keys(attrs).find((a) => !def.attrs.includes(a) && !lists.includes(a));
  return unknown === undefined ? undefined : `${def.name} has no attribute ${unknown}`;
}

// ---- Cost helpers ----------------------------------------------------------------------------
// Weights, per element: arithmetic, comparisons and selects 1; a division or a square root 4; a
// transcendental function (exp, log, tanh, …) 20. A copy costs 1 per element moved; a view 0.

/** `k` operations per element of the result. */
export const perElement = (k: number) => (_ins: readonly Shape[], out: Shape): number => k * staticSize(out);

/** `k` operations per element of the first input (reductions). */
export const perInput = (k: number) => (ins: readonly Shape[]): number => k * staticSize(ins[0] ?? []);

/** A copy: one load and store per element of the result. */
export const copy = perElement(1);

/** Nothing computed (a view, a constant). */
export const free = (): number => 0;

export const ARITH = 1;
export const DIVIDE = 4;
export const TRANSCENDENTAL = 20;

// ---- Shared shape rules ---------------------------------------------------------------------

export const sameShape = (ins: readonly Shape[]): Shape => {
  for (let i = 1; i < ins.length; i++) {
    if (!shapesEqual(ins[0], ins[i])) {
      throw new ShapeError(`operands have different shapes ${formatShape(ins[0])} and ${formatShape(ins[i])}`);
    }
  }
  return ins[0];
};

export const scalarShape = (): Shape => [];

/** For ops that reduce rows: the input must have at least one leading (row) dimension. */
export function requireRank(shape: Shape, min: number, what: string): void {
  if (shape.length < min) throw new ShapeError(`${what} needs rank ≥ ${min}, got ${formatShape(shape)}`);
}

/** VJP of helper ops that only appear inside gradients (second order is not supported yet). */
export function noSecondOrder(op: string) {
  return (): Value | null => {
    throw new TapelessError(`the derivative of ${op} (itself a derivative) is not implemented`);
  };
}

/** VJP of a loss with respect to its targets: data, never differentiated in a network. */
export function noTargetGradient(op: string) {
  return (): Value | null => {
    throw new TapelessError(`${op}: the gradient with respect to the targets is not implemented`);
  };
}
