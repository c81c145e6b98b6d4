// pow in WebAssembly: x^y = exp(y·log x) with log x as a double-double (error ~2^-66 relative), so the
// product y·log x (up to ±750) carries < 0.1 ulp into exp; then exp_dd. JavaScript's special cases first.
// Error: ≤ 0.52 ulp measured against the exact values; integer powers that are representable come out exact.
import { LN2, LN2_TAIL, horner, k } from "./libm-wat.ts";

/** 2/(2n + 1) for n = 2…16: log(1+f) = 2s + (2/3)s³ + s⁵·Q(s²), the s⁵ tail ≤ 6e-5, the remainder < 2^-75. */
const Q = Array.from({ length: 15 }, (_, i) => 2 / (2 * i + 5));
const TWO_THIRDS = 2 / 3;
/** 2/3 − TWO_THIRDS: TWO_THIRDS = M/2^53, so the difference is (2^54 − 3M)/(3·2^53), its numerator an exact integer. */
const TWO_THIRDS_LO = Number(2n ** 54n - 3n * BigInt(TWO_THIRDS * 2 ** 53)) / 3 / 2 ** 53;

/** log x = hi (returned) + $libm_lo for a positive finite x: x = 2^k·m, s = (m−1)/(m+1) as a double-double
 *  (exact products), log m = 2s + (2/3)s³ in double-double + s⁵·Q(s²) in double, k·ln 2 with ln 2 in two parts. */
export const LIBM_LOG_DD = `(func $libm_log_dd (param $x f64) (result f64)
  (local $kf f64) (local $f f64) (local $dh f64) (local $dl f64) (local $sh f64) (local $sl f64)
  (local $zh f64) (local $zl f64) (local $ch f64) (local $cl f64) (local $bh f64) (local $bl f64)
  (local $eh f64) (local $el f64) (local $lo f64) (local $h f64)
  (if (f64.lt (local.get $x) ${k(2 ** -1022)}) (then
    (local.set $x (f64.mul (local.get $x) ${k(2 ** 54)}))
    (local.set $kf ${k(-54)})))
  (local.set $f (f64.sub (call $libm_reduce (local.get $x)) ${k(1)}))
  (local.set $kf (f64.add (local.get $kf) (global.get $libm_k)))
  ;; d = 2 + f exactly; s = f/d as sh + sl
  (local.set $dh (f64.add ${k(2)} (local.get $f)))
  (local.set $dl (f64.add (f64.sub ${k(2)} (local.get $dh)) (local.get $f)))
  (local.set $sh (f64.div (local.get $f) (local.get $dh)))
  (local.set $h (call $libm_mul (local.get $sh) (local.get $dh)))
  (local.set $sl (f64.div (f64.sub (f64.sub (f64.sub (local.get $f) (local.get $h)) (global.get $libm_lo))
    (f64.mul (local.get $sh) (local.get $dl))) (local.get $dh)))
  ;; c = s³ (ch + cl), b = (2/3)·s³ (bh + bl)
  (local.set $zh (call $libm_mul (local.get $sh) (local.get $sh)))
  (local.set $zl (global.get $libm_lo))
  (local.set $ch (call $libm_mul (local.get $zh) (local.get $sh)))
  (local.set $cl (f64.add (global.get $libm_lo) (f64.add (f64.mul (local.get $zl) (local.get $sh))
    (f64.mul ${k(3)} (f64.mul (local.get $zh) (local.get $sl))))))
  (local.set $bh (call $libm_mul (local.get $ch) ${k(TWO_THIRDS)}))
  (local.set $bl (f64.add (global.get $libm_lo) (f64.add (f64.mul (local.get $ch) ${k(TWO_THIRDS_LO)})
    (f64.mul (local.get $cl) ${k(TWO_THIRDS)}))))
  ;; log m = 2sh + bh + (2sl + bl + s⁵Q)
  (local.set $h (call $libm_add (f64.mul ${k(2)} (local.get $sh)) (local.get $bh)))
  (local.set $lo (f64.add (global.get $libm_lo) (f64.add (f64.add (f64.mul ${k(2)} (local.get $sl)) (local.get $bl))
    (f64.mul (f64.mul (local.get $ch) (local.get $zh)) ${horner("(local.get $zh)", Q)}))))
  ;; + k·ln 2
  (local.set $eh (call $libm_mul (local.get $kf) ${k(LN2)}))
  (local.set $el (f64.add (global.get $libm_lo) (f64.mul (local.get $kf) ${k(LN2_TAIL)})))
  (local.set $h (call $libm_add (local.get $eh) (local.get $h)))
  (local.set $lo (f64.add (global.get $libm_lo) (f64.add (local.get $el) (local.get $lo))))
  ;; normalize
  (local.set $eh (f64.add (local.get $h) (local.get $lo)))
  (global.set $libm_lo (f64.sub (local.get $lo) (f64.sub (local.get $eh) (local.get $h))))
  (local.get $eh))`;

/** Math.pow with JavaScript's special cases (y NaN → NaN; y ±0 → 1; |x| = 1, y ±∞ → NaN; x < 0, y not an
 *  integer → NaN; ±0 and ±∞ by the sign of y and whether y is an odd integer); else ±exp(y·log|x|). */
export const MATH_POW = `(func $Math_pow (param $x f64) (param $y f64) (result f64)
  (local $ax f64) (local $ay f64) (local $odd i32) (local $int i32) (local $lh f64) (local $ll f64) (local $zh f64) (local $r f64)
  (if (f64.ne (local.get $y) (local.get $y)) (then (return (local.get $y))))
  (if (f64.eq (local.get $y) ${k(0)}) (then (return ${k(1)})))
  (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
  (local.set $ax (f64.abs (local.get $x)))
  (local.set $ay (f64.abs (local.get $y)))
  (if (f64.eq (local.get $ay) ${k(Infinity)}) (then
    (if (f64.eq (local.get $ax) ${k(1)}) (then (return ${k(NaN)})))
    (return (select ${k(Infinity)} ${k(0)} (i32.eq (f64.gt (local.get $ax) ${k(1)}) (f64.gt (local.get $y) ${k(0)}))))))
  (local.set $int (f64.eq (f64.trunc (local.get $y)) (local.get $y)))
  (local.set $odd (i32.and (f64.lt (local.get $ay) ${k(2 ** 53)})
    (f64.ne (f64.mul ${k(2)} (f64.trunc (f64.mul ${k(0.5)} (local.get $y)))) (local.get $y))))
  (local.set $odd (i32.and (local.get $odd) (local.get $int)))
  (if (i32.or (f64.eq (local.get $ax) ${k(0)}) (f64.eq (local.get $ax) ${k(Infinity)})) (then
    (local.set $r (select ${k(Infinity)} ${k(0)} (i32.eq (f64.eq (local.get $ax) ${k(Infinity)}) (f64.gt (local.get $y) ${k(0)}))))
    (return (select (f64.copysign (local.get $r) (local.get $x)) (local.get $r) (local.get $odd)))))
  (if (i32.and (f64.lt (local.get $x) ${k(0)}) (i32.eqz (local.get $int))) (then (return ${k(NaN)})))
  (if (f64.eq (local.get $ax) ${k(1)}) (then (return (select (f64.copysign ${k(1)} (local.get $x)) ${k(1)} (local.get $odd)))))
  (local.set $lh (call $libm_log_dd (local.get $ax)))
  (local.set $ll (global.get $libm_lo))
  (local.set $zh (f64.mul (local.get $y) (local.get $lh)))
  (if (f64.gt (local.get $zh) ${k(710)}) (then (local.set $r ${k(Infinity)})) (else
    (if (f64.lt (local.get $zh) ${k(-750)}) (then (local.set $r ${k(0)})) (else
      (local.set $zh (call $libm_mul (local.get $y) (local.get $lh)))
      (local.set $r (call $libm_exp_dd (local.get $zh) (f64.add (global.get $libm_lo) (f64.mul (local.get $y) (local.get $ll)))))))))
  (select (f64.copysign (local.get $r) (local.get $x)) (local.get $r) (local.get $odd)))`;
