// JavaScript's Math in translated code. What WebAssembly computes exactly as JavaScript does (sqrt,
// abs, floor, min, max, imul, fround) is an instruction; the transcendental functions (exp, log,
// tanh, ...) are imported from the host's own Math, so both targets round them identically.
import { InternalError } from "../../errors.ts";
import { coerce, isInt, signedness, type Expr } from "./scalar.ts";
import { mathBound } from "./bounds.ts";

/** The Math functions a module imports, by name, with their arity. */
export type Imports = Map<string, number>;

const IMPORTED: Record<string, number> = {
  exp: 1, expm1: 1, log: 1, log1p: 1, log2: 1, log10: 1, tanh: 1, sinh: 1, cosh: 1, sin: 1, cos: 1, tan: 1,
  atan: 1, asin: 1, acos: 1, asinh: 1, acosh: 1, atanh: 1, cbrt: 1, sign: 1, round: 1, pow: 2, atan2: 2, hypot: 2,
};
const UNARY: Record<string, string> = { sqrt: "sqrt", abs: "abs", floor: "floor", ceil: "ceil", trunc: "trunc" };
const CONSTANTS: Record<string, number> = { PI: Math.PI, E: Math.E, LN2: Math.LN2, LN10: Math.LN10, SQRT2: Math.SQRT2 };

/**
 * `Math.name(args)` (or the constant `Math.name` with no arguments) as WebAssembly, with a lower
 * bound; `temp` gives a fresh i32 local (an int max / min reads its operands twice).
 */
export function mathCall(imports: Imports, name: string, args: Expr[], temp: () => string): Expr {
  return { ...mathCode(imports, name, args, temp), min: mathBound(name, args) };
}

function mathCode(imports: Imports, name: string, args: Expr[], temp: () => string): Expr {
  const f64 = (e: Expr) => coerce(e, "f64");
  if (name in CONSTANTS && args.length === 0) return { code: `(f64.const ${CONSTANTS[name]})`, type: "f64" };
  if (name in UNARY && args.length === 1) return { code: `(f64.${UNARY[name]} ${f64(args[0]!)})`, type: "f64" };
  if (name === "fround" && args.length === 1) return { code: `(f64.promote_f32 (f32.demote_f64 ${f64(args[0]!)}))`, type: "f64" };
  if (name === "imul" && args.length === 2) return { code: `(i32.mul ${coerce(args[0]!, "i32")} ${coerce(args[1]!, "i32")})`, type: "i32" };
  if ((name === "max" || name === "min") && args.length >= 2) return extremum(name, args, temp);
  if (IMPORTED[name] === args.length) {
    imports.set(name, args.length);
    return { code: `(call $Math_${name}${args.map((a) => ` ${f64(a)}`).join("")})`, type: "f64" };
  }
  throw new InternalError(`wasm: Math.${name} with ${args.length} arguments`);
}

/**
 * Math.max / Math.min: f64.max/min (NaN-propagating and −0 < +0, as JavaScript), or on integers a
 * select of the operands kept in locals (unsigned on words; as doubles when a word ≥ 2³¹ may meet a
 * negative int; an operand that may be −0 keeps the doubles' form as well).
 */
function extremum(name: "max" | "min", args: Expr[], temp: () => string): Expr {
  const sign = signedness(args);
  const doubles = args.slice(1).reduce<Expr>((acc, b) => ({ code: `(f64.${name} ${coerce(acc, "f64")} ${coerce(b, "f64")})`, type: "f64" }), args[0]!);
  if (!args.every((a) => isInt(a.type) || a.type === "lit") || sign === "f64") return doubles;
  const cmp = `${name === "max" ? "gt" : "lt"}_${sign}`;
  const ints = args.slice(1).reduce<Expr>((acc, b) => {
    const [x, y] = [temp(), temp()];
    const code = `(select (local.tee ${x} ${coerce(acc, "i32")}) (local.tee ${y} ${coerce(b, "i32")}) (i32.${cmp} (local.get ${x}) (local.get ${y})))`;
    return { code, type: sign === "u" ? "u32" : "i32" };
  }, args[0]!);
  return args.some((a) => a.negZero) ? { ...ints, negZero: true, asDouble: doubles.code } : ints;
}

/** The import declarations of the Math functions a module uses (module "Math", the host's Math). */
export function mathImports(imports: Imports): string[] {
  return [...imports].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, arity]) => `(import "Math" "${name}" (func $Math_${name}${" (param f64)".repeat(arity)} (result f64)))`);
}
