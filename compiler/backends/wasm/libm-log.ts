// log and log1p in WebAssembly. Reduction: x = 2^k·(1 + f), 1 + f in [√½, √2); log(1 + f) = 2·atanh(s),
// s = f/(2 + f), |s| ≤ 0.1716, written f − (f²/2 − s·(f²/2 + R(s²))) with R the atanh series
// (2s²/3 + 2s⁴/5 + …, 12 terms, remainder < 2^-70) so that only small terms carry rounding errors.
import { LN2_HI, LN2_LO, horner, k } from "./libm-wat.ts";

/** 2/(2n + 1) for n = 1…12: R(z) = z·(2/3 + z·(2/5 + …)). */
const R = Array.from({ length: 12 }, (_, i) => 2 / (2 * i + 3));

/** k·ln2 + log(1 + f) + c, for 1 + f in [√½, √2), c a small correction (≤ 2^-52). */
export const LIBM_LOG_CORE = `(func $libm_log_core (param $f f64) (param $kf f64) (param $c f64) (result f64)
  (local $s f64) (local $z f64) (local $hfsq f64) (local $r f64)
  (local.set $s (f64.div (local.get $f) (f64.add ${k(2)} (local.get $f))))
  (local.set $z (f64.mul (local.get $s) (local.get $s)))
  (local.set $r (f64.mul (local.get $z) ${horner("(local.get $z)", R)}))
  (local.set $hfsq (f64.mul ${k(0.5)} (f64.mul (local.get $f) (local.get $f))))
  (f64.sub (f64.mul (local.get $kf) ${k(LN2_HI)})
    (f64.sub (f64.sub (local.get $hfsq)
      (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $r)))
        (f64.add (f64.mul (local.get $kf) ${k(LN2_LO)}) (local.get $c))))
      (local.get $f))))`;

/** Math.log: x < 0 or NaN → NaN, ±0 → −Infinity, +Infinity → +Infinity; subnormals scaled by 2^54 first. */
export const MATH_LOG = `(func $Math_log (param $x f64) (result f64)
  (local $kf f64) (local $m f64)
  (if (i32.eqz (f64.gt (local.get $x) ${k(0)})) (then
    (return (select ${k(-Infinity)} ${k(NaN)} (f64.eq (local.get $x) ${k(0)})))))
  (if (f64.eq (local.get $x) ${k(Infinity)}) (then (return (local.get $x))))
  (if (f64.lt (local.get $x) ${k(2 ** -1022)}) (then
    (local.set $x (f64.mul (local.get $x) ${k(2 ** 54)}))
    (local.set $kf ${k(-54)})))
  (local.set $m (call $libm_reduce (local.get $x)))
  (call $libm_log_core (f64.sub (local.get $m) ${k(1)}) (f64.add (local.get $kf) (global.get $libm_k)) ${k(0)}))`;

/** Math.log1p: x < −1 or NaN → NaN, −1 → −Infinity, |x| < 2^-54 → x (keeps −0); 1 + x in [√½, √2) → f = x
 *  exactly; else u = 1 + x reduced, with c = (1 + x − u)/u restoring what the rounding of u lost. */
export const MATH_LOG1P = `(func $Math_log1p (param $x f64) (result f64)
  (local $u f64) (local $m f64) (local $kf f64) (local $c f64)
  (if (i32.eqz (f64.ge (local.get $x) ${k(-1)})) (then (return ${k(NaN)})))
  (if (f64.eq (local.get $x) ${k(-1)}) (then (return ${k(-Infinity)})))
  (if (f64.eq (local.get $x) ${k(Infinity)}) (then (return (local.get $x))))
  (if (f64.lt (f64.abs (local.get $x)) ${k(2 ** -54)}) (then (return (local.get $x))))
  (if (i32.and (f64.gt (local.get $x) ${k(Math.SQRT1_2 - 1)}) (f64.lt (local.get $x) ${k(Math.SQRT2 - 1)})) (then
    (return (call $libm_log_core (local.get $x) ${k(0)} ${k(0)}))))
  (local.set $u (f64.add ${k(1)} (local.get $x)))
  (local.set $m (call $libm_reduce (local.get $u)))
  (local.set $kf (global.get $libm_k))
  (if (f64.lt (local.get $kf) ${k(54)}) (then
    (local.set $c (f64.div
      (select (f64.sub ${k(1)} (f64.sub (local.get $u) (local.get $x))) (f64.sub (local.get $x) (f64.sub (local.get $u) ${k(1)}))
        (f64.gt (local.get $kf) ${k(0)}))
      (local.get $u)))))
  (call $libm_log_core (f64.sub (local.get $m) ${k(1)}) (local.get $kf) (local.get $c)))`;
