// exp, expm1 and tanh in WebAssembly. Reduction: x = k·ln2 + r, k = nearest(x/ln2), |r| ≤ ln2/2,
// with ln2 in two parts (Cody–Waite: k·LN2_HI is exact) and r kept as r_hi + r_lo; expm1(r) by
// its Taylor series to degree 14 (remainder < 1e-19·|r|), its leading r + r²/2 computed exactly.
// Against the exact values (test/compiler/backends/wasm/libm-accuracy.test.ts): exp ≤ 0.52, expm1 ≤ 0.54, tanh ≤ 0.51 ulp.
import { LN2_HI, LN2_LO, horner, invFactorial, k } from "./libm-wat.ts";

/** 2/n! for n = 3…14, so that expm1(r) = r + r²/2 + (r²/2)·r·Q(r). */
const Q = Array.from({ length: 12 }, (_, i) => 2 * invFactorial(i + 3));

/** expm1(r + rl) = hi (returned) + $libm_lo to ~2^-62 relative, for |r| ≤ 0.35, |rl| ≤ 2^-40. */
export const LIBM_EXPM1_DD = `(func $libm_expm1_dd (param $r f64) (param $rl f64) (result f64)
  (local $h f64) (local $hl f64) (local $a f64) (local $lo f64)
  (local.set $h (f64.mul ${k(0.5)} (call $libm_mul (local.get $r) (local.get $r))))
  (local.set $hl (f64.mul ${k(0.5)} (global.get $libm_lo)))
  (local.set $a (call $libm_add (local.get $r) (local.get $h)))
  (local.set $lo (f64.add (f64.add (global.get $libm_lo) (local.get $hl))
    (f64.mul (f64.mul (local.get $h) (local.get $r)) ${horner("(local.get $r)", Q)})))
  ;; expm1(r + rl) = expm1(r) + rl·(1 + expm1(r)) + O(rl²)
  (local.set $lo (f64.add (local.get $lo)
    (f64.mul (local.get $rl) (f64.add ${k(1)} (f64.add (local.get $a) (local.get $lo))))))
  ;; normalized: |lo| ≤ half an ulp of hi (|a| > |lo|, so the fast two-sum is exact)
  (local.set $h (f64.add (local.get $a) (local.get $lo)))
  (global.set $libm_lo (f64.sub (local.get $lo) (f64.sub (local.get $h) (local.get $a))))
  (local.get $h))`;

/** x + xl = k·ln2 + hi + lo with |hi| ≤ 0.35, for |x| ≤ 750: returns k (a float), leaves hi in $libm_k
 *  (reused as a second result) and lo in $libm_lo. */
export const LIBM_EXP_REDUCE = `(func $libm_exp_reduce (param $x f64) (param $xl f64) (result f64)
  (local $kf f64) (local $hi f64)
  (local.set $kf (f64.nearest (f64.mul (local.get $x) ${k(1 / Math.LN2)})))
  (local.set $hi (call $libm_add (f64.sub (local.get $x) (f64.mul (local.get $kf) ${k(LN2_HI)}))
    (f64.neg (f64.mul (local.get $kf) ${k(LN2_LO)}))))
  (global.set $libm_lo (f64.add (global.get $libm_lo) (local.get $xl)))
  (global.set $libm_k (local.get $hi))
  (local.get $kf))`;

/** exp(x + xl) for −750 ≤ x ≤ 710: 2^k·(1 + expm1(r)), the sum 1 + expm1(r) rounded once. */
export const LIBM_EXP_DD = `(func $libm_exp_dd (param $x f64) (param $xl f64) (result f64)
  (local $kf f64) (local $p f64) (local $pl f64) (local $b f64)
  (local.set $kf (call $libm_exp_reduce (local.get $x) (local.get $xl)))
  (local.set $p (call $libm_expm1_dd (global.get $libm_k) (global.get $libm_lo)))
  (local.set $pl (global.get $libm_lo))
  (local.set $b (call $libm_add ${k(1)} (local.get $p)))
  (call $libm_scale (f64.add (local.get $b) (f64.add (global.get $libm_lo) (local.get $pl)))
    (i32.trunc_f64_s (local.get $kf))))`;

/** Math.exp: NaN → NaN, x > 710 → Infinity, x < −750 → 0, else exp_dd.
 *  Error: the r³·Q(r) term's roundings (~2^-59) + the final rounding: ≤ 0.52 ulp measured (subnormal results: one more
 *  rounding, ≤ 1 ulp). */
export const MATH_EXP = `(func $Math_exp (param $x f64) (result f64)
  (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
  (if (f64.gt (local.get $x) ${k(710)}) (then (return ${k(Infinity)})))
  (if (f64.lt (local.get $x) ${k(-750)}) (then (return ${k(0)})))
  (call $libm_exp_dd (local.get $x) ${k(0)}))`;

/** expm1(x) = hi (returned) + $libm_lo (~2^-60 relative), for −36 ≤ x ≤ 700: k = 0 → expm1(r); else
 *  2^k·((1 − 2^-k) + expm1(r)), the sum kept as a double-double (for k > 53, 1 − 2^-k rounds to 1). */
export const LIBM_EXPM1_X = `(func $libm_expm1_x (param $x f64) (result f64)
  (local $kf f64) (local $p f64) (local $pl f64) (local $b f64) (local $s f64) (local $n i32)
  (local.set $kf (call $libm_exp_reduce (local.get $x) ${k(0)}))
  (local.set $p (call $libm_expm1_dd (global.get $libm_k) (global.get $libm_lo)))
  (local.set $pl (global.get $libm_lo))
  (local.set $n (i32.trunc_f64_s (local.get $kf)))
  (if (i32.eqz (local.get $n)) (then (return (local.get $p))))
  (local.set $b (call $libm_add
    (select ${k(1)} (f64.sub ${k(1)} (call $libm_pow2 (i32.sub (i32.const 0) (local.get $n)))) (i32.gt_s (local.get $n) (i32.const 53)))
    (local.get $p)))
  (local.set $s (call $libm_pow2 (local.get $n)))
  (global.set $libm_lo (f64.mul (local.get $s) (f64.add (global.get $libm_lo) (local.get $pl))))
  (f64.mul (local.get $s) (local.get $b)))`;

/** Math.expm1: NaN → NaN, |x| < 2^-54 → x (keeps −0), x > 700 → exp(x) (the −1 is below half an ulp),
 *  x < −36 → exp(x) − 1 (rounded once), else the double-double above rounded once.
 *  Error: ≤ 0.54 ulp measured (worst near x = ±0.35, where (1 − 2^-k) + expm1(r) cancels to 0.2). */
export const MATH_EXPM1 = `(func $Math_expm1 (param $x f64) (result f64)
  (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
  (if (f64.gt (local.get $x) ${k(710)}) (then (return ${k(Infinity)})))
  (if (f64.gt (local.get $x) ${k(700)}) (then (return (call $libm_exp_dd (local.get $x) ${k(0)}))))
  (if (f64.lt (local.get $x) ${k(-60)}) (then (return ${k(-1)})))
  (if (f64.lt (local.get $x) ${k(-36)}) (then (return (f64.sub (call $libm_exp_dd (local.get $x) ${k(0)}) ${k(1)}))))
  (if (f64.lt (f64.abs (local.get $x)) ${k(2 ** -54)}) (then (return (local.get $x))))
  (f64.add (call $libm_expm1_x (local.get $x)) (global.get $libm_lo)))`;

/** Math.tanh: NaN → NaN, |x| < 2^-28 → x (keeps −0), |x| ≥ 22 → ±1; |x| ≥ 1: 1 − 2/(t + 2), t = expm1(2|x|);
 *  else −t/(t + 2), t = expm1(−2|x|); t a double-double, the quotient corrected by its exact residual,
 *  so only the last operation rounds. Error ≤ 0.51 ulp measured (V8's own tanh: up to 1.9 ulp). */
export const MATH_TANH = `(func $Math_tanh (param $x f64) (result f64)
  (local $a f64) (local $t f64) (local $tl f64) (local $d f64) (local $dl f64) (local $q f64) (local $n f64) (local $r f64)
  (local.set $a (f64.abs (local.get $x)))
  (if (f64.ne (local.get $x) (local.get $x)) (then (return (local.get $x))))
  (if (f64.lt (local.get $a) ${k(2 ** -28)}) (then (return (local.get $x))))
  (if (f64.ge (local.get $a) ${k(22)}) (then (return (f64.copysign ${k(1)} (local.get $x)))))
  (local.set $t (call $libm_expm1_x (select (f64.mul ${k(2)} (local.get $a)) (f64.mul ${k(-2)} (local.get $a))
    (f64.ge (local.get $a) ${k(1)}))))
  (local.set $tl (global.get $libm_lo))
  ;; d = t + 2 (d + dl); n = the numerator (2, or −t as n + tl below); q = n/d + the residual's correction
  (local.set $d (call $libm_add ${k(2)} (local.get $t)))
  (local.set $dl (f64.add (global.get $libm_lo) (local.get $tl)))
  (local.set $n (select ${k(2)} (f64.neg (local.get $t)) (f64.ge (local.get $a) ${k(1)})))
  (local.set $tl (select ${k(0)} (f64.neg (local.get $tl)) (f64.ge (local.get $a) ${k(1)})))
  (local.set $q (f64.div (local.get $n) (local.get $d)))
  (local.set $r (call $libm_mul (local.get $q) (local.get $d)))
  (local.set $r (f64.div (f64.add (f64.sub (f64.sub (f64.sub (local.get $n) (local.get $r)) (global.get $libm_lo))
    (f64.mul (local.get $q) (local.get $dl))) (local.get $tl)) (local.get $d)))
  (if (f64.lt (local.get $a) ${k(1)}) (then (return (f64.copysign (f64.add (local.get $q) (local.get $r)) (local.get $x)))))
  (local.set $q (call $libm_add ${k(1)} (f64.neg (local.get $q))))
  (f64.copysign (f64.add (local.get $q) (f64.sub (global.get $libm_lo) (local.get $r))) (local.get $x)))`;
