// The scalar types of translated code and the conversions between them. The JavaScript loops the
// translator reads compute in doubles (an f32 model rounds only when it stores), so every floating
// value is an f64 local here too; integers (indices, counters, the random generator's words) are i32,
// signed or, after `>>>`, unsigned (which matters only when one is compared or becomes a double).
// Integer arithmetic is taken never to overflow (its −0 is kept: negzero.ts), nor a NaN or an
// infinity to become an int (the emitted loops do neither); translate.test.ts shows these limits.
import { InternalError } from "../../errors.ts";

/** `lit`: an integer literal, which takes the type its context asks for. `bool`: an i32 0 or 1. */
export type Scalar = "i32" | "u32" | "f64" | "bool" | "lit";

/** A translated expression: its WebAssembly text (folded form) and type; a literal keeps its value. */
export interface Expr {
  code: string;
  type: Scalar;
  value?: number;
  /** A lower bound of the value where one is known (bounds.ts). */
  min?: number;
  /** An int that may be JavaScript's −0, and its exact double form (negzero.ts). */
  negZero?: boolean;
  asDouble?: string;
}

export const isInt = (t: Scalar): boolean => t === "i32" || t === "u32" || t === "bool";

/**
 * How integers compare exactly as the numbers JavaScript sees: "s" signed, "u" unsigned (a `>>> 0`
 * word, a literal ≥ 2³¹), or "f64" when a word ≥ 2³¹ may meet a negative int (as doubles, then).
 */
export function signedness(values: readonly Expr[]): "s" | "u" | "f64" {
  const needs = values.map((e) => (e.type === "u32" || (e.type === "lit" && e.value! >= 2 ** 31) ? "u" : e.type === "lit" && e.value! >= 0 ? "" : "s"));
  if (needs.includes("u")) return needs.includes("s") ? "f64" : "u";
  return "s";
}

/** The type both of two values become (a variable assigned both). */
export function join(a: Scalar, b: Scalar): Scalar {
  if (a === b) return a;
  if (a === "lit") return b === "bool" ? "i32" : b;
  if (b === "lit") return a === "bool" ? "i32" : a;
  if (a === "f64" || b === "f64") return "f64";
  return "i32";
}

/** A literal's text as a constant of `type`. */
function literal(value: number, type: Scalar): string {
  if (type === "f64") return `(f64.const ${floatText(value)})`;
  if (!Number.isInteger(value) || value < -2147483648 || value > 4294967295) throw new InternalError(`wasm: ${value} is not an i32`);
  return `(i32.const ${value})`;
}

/** A double as WebAssembly text reads it back exactly. */
export function floatText(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (Object.is(value, -0)) return "-0.0";
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** An expression of a literal's value (integral ones stay polymorphic). */
export function literalExpr(value: number): Expr {
  const integral = Number.isInteger(value) && value >= -2147483648 && value <= 4294967295 && !Object.is(value, -0);
  return integral ? { code: literal(value, "i32"), type: "lit", value } : { code: literal(value, "f64"), type: "f64", ...(Number.isNaN(value) ? {} : { min: value }) };
}

/** `e` converted to `to` as JavaScript would see the same number (bool → 0/1, ints exactly). */
export function coerce(e: Expr, to: Scalar): string {
  if (e.type === "lit") return literal(e.value!, to === "lit" ? "i32" : to);
  if (to === "f64" && e.asDouble !== undefined) return e.asDouble;
  if (e.type === to || (isInt(e.type) && isInt(to))) return e.code;
  if (to === "f64") return `(f64.convert_i32_${e.type === "u32" ? "u" : "s"} ${e.code})`;
  // a double used as an index or a word: ToInt32 (truncated, wrapped mod 2³²) for |x| < 2⁶³; a
  // NaN or an infinity traps (JavaScript's 0): the loops never make one an int
  if (e.type === "f64") return `(i32.wrap_i64 (i64.trunc_f64_s ${e.code}))`;
  throw new InternalError(`wasm: cannot convert ${e.type} to ${to}`);
}

/** A value used as a condition: JavaScript's truthiness of a number (±0 and NaN are false). */
export function truth(e: Expr): string {
  if (e.type === "f64") return `(f64.gt (f64.abs ${e.code}) (f64.const 0))`;
  return coerce(e, "i32");
}

/** The wasm value type of a scalar. */
export const valType = (t: Scalar): "i32" | "f64" => (t === "f64" ? "f64" : "i32");
