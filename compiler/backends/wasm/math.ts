// JavaScript's Math in translated code. What WebAssembly computes exactly as JavaScript does (sqrt,
// abs, floor, min, max, imul, fround) is an instruction. exp, log and pow are imported from the
// host's Math: V8 recognizes these imports and calls them directly, without boxing the double (no
// allocation, 3–5× faster than computing them in WebAssembly, and the JavaScript target's exact
// values). tanh is tanh_fast below (with the host's exp); expm1, log1p and sign are module
// functions (libm.ts): an import of those boxes its argument, one allocation per call. Anything
// else (sin, cos, ...) is imported.
import { InternalError } from "../../errors.ts";
import { LIBM_NAMES, libmFunctions, libmNeeded } from "./libm.ts";
import { coerce, isInt, signedness, type Expr } from "./scalar.ts";
import { mathBound } from "./bounds.ts";

/** The Math functions a module calls (imported or defined by libm.ts), by name, with their arity. */
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
  if (name === "tanh" && args.length === 1) {
    // (tanh_fast calls the host's exp)
    imports.set("exp", 1);
    imports.set(TANH_FAST, 1);
    return { code: `(call $${TANH_FAST} ${f64(args[0]!)})`, type: "f64" };
  }
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

/** The import declarations of the Math functions a module uses that libm.ts does not define (module "Math",
 *  the host's Math). Empty when the module needs nothing from the host. */
/**
 * tanh, as fast as JavaScript's: tanh|x| = 1 − 2/(e^{2|x|} + 1) with the host's exp (a recognized
 * import), the sign copied back; below |x| = 1/16, where that subtraction cancels, the Taylor series
 * x·(1 + z·P(z)), z = x², to x¹³ (the first term left out is below 2⁻⁵⁵ of tanh x there). Within 25
 * ulp of Math.tanh (5.6e-15 relative, at |x| just above 1/16, from e^{2|x|}'s own rounding); ±0, NaN
 * and ±∞ as Math.tanh. (libm.ts's tanh is within 0.51 ulp but takes three times as long.)
 */
const TANH_FAST = "tanh_fast";
/** z·P(z) by Horner's rule, P's coefficients from the lowest power. */
const horner = (z: string, coefficients: readonly number[]): string =>
  coefficients.reduceRight<string>((acc, c) => `(f64.mul ${z} (f64.add (f64.const ${c}) ${acc}))`, "(f64.const 0)");
const TANH_FAST_WAT = `(func $tanh_fast (param $x f64) (result f64)
  (local $a f64) (local $z f64)
  (local.set $a (f64.abs (local.get $x)))
  (if (f64.lt (local.get $a) (f64.const 0.0625))
    (then
      (local.set $z (f64.mul (local.get $x) (local.get $x)))
      (return (f64.mul (local.get $x) (f64.add (f64.const 1) ${horner("(local.get $z)", [-1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925, 21844 / 6081075])})))))
  (f64.copysign
    (f64.sub (f64.const 1) (f64.div (f64.const 2) (f64.add (call $Math_exp (f64.add (local.get $a) (local.get $a))) (f64.const 1))))
    (local.get $x)))`;

/** Called from the host: V8 calls these imports without allocating (measured: 0 GCs over 10⁷ calls). */
const HOST_CALLED = new Set(["exp", "log", "pow"]);

/** The Math functions a module defines itself (libm.ts), with those they call. */
function defined(imports: Imports): Set<string> {
  return libmNeeded(new Set([...imports.keys()].filter((name) => LIBM_NAMES.has(name) && !HOST_CALLED.has(name))));
}

export function mathImports(imports: Imports): string[] {
  const own = defined(imports);
  return [...imports]
    .filter(([name]) => !own.has(name) && name !== TANH_FAST)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, arity]) => `(import "Math" "${name}" (func $Math_${name}${" (param f64)".repeat(arity)} (result f64)))`);
}

/** The module's own definitions (globals and funcs) of the Math functions it uses that libm.ts implements. */
export function mathFunctions(imports: Imports): string[] {
  return [...libmFunctions(defined(imports)), ...(imports.has(TANH_FAST) ? [TANH_FAST_WAT] : [])];
}
