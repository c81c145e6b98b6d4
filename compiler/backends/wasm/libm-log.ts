// log and log1p in WebAssembly, both from the double-double log of libm-pow.ts (relative error ~2^-66),
// rounded once at the end: error ≤ 0.5 ulp + 2^-13 ulp.
import { k } from "./libm-wat.ts";

/** Math.log: x < 0 or NaN → NaN, ±0 → −Infinity, +Infinity → +Infinity, else hi + lo of log_dd(x). */
export const MATH_LOG = `(func $Math_log (param $x f64) (result f64)
  (if (i32.eqz (f64.gt (local.get $x) ${k(0)})) (then
    (return (select ${k(-Infinity)} ${k(NaN)} (f64.eq (local.get $x) ${k(0)})))))
  (if (f64.eq (local.get $x) ${k(Infinity)}) (then (return (local.get $x))))
  (f64.add (call $libm_log_dd (local.get $x)) (global.get $libm_lo)))`;

/** Math.log1p: x < −1 or NaN → NaN, −1 → −Infinity, +Infinity → +Infinity, |x| < 2^-54 → x (keeps −0);
 *  else u + c = 1 + x exactly (two-sum) and log1p(x) = log(u) + c/u (the next term, (c/u)²/2, is < 2^-106). */
export const MATH_LOG1P = `(func $Math_log1p (param $x f64) (result f64)
  (local $u f64) (local $c f64)
  (if (i32.eqz (f64.ge (local.get $x) ${k(-1)})) (then (return ${k(NaN)})))
  (if (f64.eq (local.get $x) ${k(-1)}) (then (return ${k(-Infinity)})))
  (if (f64.eq (local.get $x) ${k(Infinity)}) (then (return (local.get $x))))
  (if (f64.lt (f64.abs (local.get $x)) ${k(2 ** -54)}) (then (return (local.get $x))))
  (local.set $u (call $libm_add ${k(1)} (local.get $x)))
  (local.set $c (f64.div (global.get $libm_lo) (local.get $u)))
  (f64.add (call $libm_log_dd (local.get $u)) (f64.add (global.get $libm_lo) (local.get $c))))`;
