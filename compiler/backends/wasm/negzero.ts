// JavaScript's −0 from integer operations (−k with k = 0, 0 · −3, −4 % 2), which an i32 cannot hold:
// such a value keeps its exact double form too (Expr.asDouble), which its conversion to a double uses.
import { lowerBound } from "./bounds.ts";
import { coerce, type Expr } from "./scalar.ts";

const mayBeZero = (e: Expr): boolean => (e.type === "lit" ? e.value === 0 : e.negZero === true || lowerBound(e) <= 0);
const mayBeNegative = (e: Expr): boolean => e.negZero === true || lowerBound(e) < 0;

/** `-x` of an int: i32 code, and where x may be 0 the double −x too. */
export function negateInt(x: Expr): Expr {
  const code = `(i32.sub (i32.const 0) ${coerce(x, "i32")})`;
  return mayBeZero(x) ? { code, type: "i32", negZero: true, asDouble: `(f64.neg ${coerce(x, "f64")})` } : { code, type: "i32" };
}

/**
 * `a op b` of ints (+, −, ·, % signed) given its i32 code: where JavaScript may make −0, with its
 * double form as well (`temp`: a fresh f64 local, for the dividend's sign).
 */
export function intArith(op: string, a: Expr, b: Expr, code: string, temp: () => string): Expr {
  const [x, y] = [coerce(a, "f64"), coerce(b, "f64")];
  let asDouble: string | undefined;
  if (op === "+" && a.negZero && b.negZero) asDouble = `(f64.add ${x} ${y})`;
  if (op === "-" && a.negZero) asDouble = `(f64.sub ${x} ${y})`;
  if (op === "*" && (a.negZero || b.negZero || (mayBeNegative(a) && mayBeZero(b)) || (mayBeZero(a) && mayBeNegative(b)))) asDouble = `(f64.mul ${x} ${y})`;
  if (op === "%" && mayBeNegative(a) && code.startsWith("(i32.rem_s ")) {
    // (the remainder takes the dividend's sign, a −0 dividend's too: −4 % 2 and −0 % 3 are −0)
    const t = temp();
    asDouble = `(f64.copysign (f64.convert_i32_s (i32.rem_s (i32.trunc_f64_s (local.tee ${t} ${x})) ${coerce(b, "i32")})) (local.get ${t}))`;
  }
  return asDouble ? { code, type: "i32", negZero: true, asDouble } : { code, type: "i32" };
}
