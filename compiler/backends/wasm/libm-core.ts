// Building blocks of the WebAssembly math library: exact products and sums (Dekker / Knuth, no FMA
// in wasm MVP; the low part is left in the global $libm_lo), scaling by 2^k, and x = 2^k·m splitting.
import { k } from "./libm-wat.ts";

/** Globals: $libm_lo (the low part of the last exact operation), $libm_k (the exponent from $libm_reduce). */
export const LIBM_GLOBALS = `(global $libm_lo (mut f64) (f64.const 0))
(global $libm_k (mut f64) (f64.const 0))`;

/** a·b = hi (returned) + $libm_lo exactly (Dekker's product; |a|, |b| < 2^995). */
export const LIBM_MUL = `(func $libm_mul (param $a f64) (param $b f64) (result f64)
  (local $p f64) (local $ah f64) (local $al f64) (local $bh f64) (local $bl f64) (local $t f64)
  (local.set $p (f64.mul (local.get $a) (local.get $b)))
  (local.set $t (f64.mul ${k(134217729)} (local.get $a)))
  (local.set $ah (f64.sub (local.get $t) (f64.sub (local.get $t) (local.get $a))))
  (local.set $al (f64.sub (local.get $a) (local.get $ah)))
  (local.set $t (f64.mul ${k(134217729)} (local.get $b)))
  (local.set $bh (f64.sub (local.get $t) (f64.sub (local.get $t) (local.get $b))))
  (local.set $bl (f64.sub (local.get $b) (local.get $bh)))
  (global.set $libm_lo
    (f64.add (f64.add (f64.add (f64.sub (f64.mul (local.get $ah) (local.get $bh)) (local.get $p))
      (f64.mul (local.get $ah) (local.get $bl))) (f64.mul (local.get $al) (local.get $bh)))
      (f64.mul (local.get $al) (local.get $bl))))
  (local.get $p))`;

/** a + b = hi (returned) + $libm_lo exactly (Knuth's two-sum, any order of magnitudes). */
export const LIBM_ADD = `(func $libm_add (param $a f64) (param $b f64) (result f64)
  (local $s f64) (local $bb f64)
  (local.set $s (f64.add (local.get $a) (local.get $b)))
  (local.set $bb (f64.sub (local.get $s) (local.get $a)))
  (global.set $libm_lo (f64.add (f64.sub (local.get $a) (f64.sub (local.get $s) (local.get $bb)))
    (f64.sub (local.get $b) (local.get $bb))))
  (local.get $s))`;

/** y·2^n for |n| ≤ 1100, rounded once: a result below 2^-1022 is made by one last multiplication. */
export const LIBM_SCALE = `(func $libm_scale (param $y f64) (param $n i32) (result f64)
  (if (i32.gt_s (local.get $n) (i32.const 1023)) (then
    (local.set $y (f64.mul (local.get $y) ${k(2 ** 1023)}))
    (local.set $n (i32.sub (local.get $n) (i32.const 1023)))))
  (if (i32.lt_s (local.get $n) (i32.const -1022)) (then
    (local.set $y (f64.mul (local.get $y) (call $libm_pow2 (i32.add (local.get $n) (i32.const 1022)))))
    (return (f64.mul (local.get $y) ${k(2 ** -1022)}))))
  (f64.mul (local.get $y) (call $libm_pow2 (local.get $n))))
(func $libm_pow2 (param $n i32) (result f64)
  (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (local.get $n) (i32.const 1023))) (i64.const 52))))`;

/** u = 2^k·m for a positive normal u, m in [√½, √2): returns m, sets $libm_k = k. */
export const LIBM_REDUCE = `(func $libm_reduce (param $u f64) (result f64)
  (local $bits i64) (local $mant i64) (local $e i64)
  (local.set $bits (i64.reinterpret_f64 (local.get $u)))
  (local.set $e (i64.sub (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 1023)))
  (local.set $mant (i64.and (local.get $bits) (i64.const 0xfffffffffffff)))
  (if (i64.gt_u (local.get $mant) (i64.const 0x6a09e667f3bcc)) (then
    (global.set $libm_k (f64.convert_i64_s (i64.add (local.get $e) (i64.const 1))))
    (return (f64.reinterpret_i64 (i64.or (local.get $mant) (i64.const 0x3fe0000000000000))))))
  (global.set $libm_k (f64.convert_i64_s (local.get $e)))
  (f64.reinterpret_i64 (i64.or (local.get $mant) (i64.const 0x3ff0000000000000))))`;
