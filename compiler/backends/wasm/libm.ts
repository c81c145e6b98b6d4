// JavaScript's Math.exp/expm1/log/log1p/tanh/pow/sign computed inside WebAssembly (f64, MVP only), so
// translated code never calls the host with a double (each such call allocates a HeapNumber).
import { LIBM_ADD, LIBM_GLOBALS, LIBM_MUL, LIBM_REDUCE, LIBM_SCALE } from "./libm-core.ts";
import { LIBM_EXP_DD, LIBM_EXP_REDUCE, LIBM_EXPM1_DD, LIBM_EXPM1_X, MATH_EXP, MATH_EXPM1, MATH_TANH } from "./libm-exp.ts";
import { MATH_LOG, MATH_LOG1P } from "./libm-log.ts";
import { LIBM_LOG_DD, MATH_POW } from "./libm-pow.ts";

/** Math.sign: NaN → NaN, ±0 → ±0, else ±1. */
const MATH_SIGN = `(func $Math_sign (param $x f64) (result f64)
  (select (local.get $x) (f64.copysign (f64.const 1) (local.get $x))
    (i32.or (f64.eq (local.get $x) (f64.const 0)) (f64.ne (local.get $x) (local.get $x)))))`;

/** Every function of the library: its text and the functions it calls. */
const FUNCS: Record<string, { wat: string; uses: string[] }> = {
  libm_mul: { wat: LIBM_MUL, uses: [] },
  libm_add: { wat: LIBM_ADD, uses: [] },
  libm_scale: { wat: LIBM_SCALE, uses: [] }, // with libm_pow2
  libm_reduce: { wat: LIBM_REDUCE, uses: [] },
  libm_expm1_dd: { wat: LIBM_EXPM1_DD, uses: ["libm_mul", "libm_add"] },
  libm_exp_reduce: { wat: LIBM_EXP_REDUCE, uses: ["libm_add"] },
  libm_exp_dd: { wat: LIBM_EXP_DD, uses: ["libm_exp_reduce", "libm_expm1_dd", "libm_add", "libm_scale"] },
  libm_log_dd: { wat: LIBM_LOG_DD, uses: ["libm_reduce", "libm_mul", "libm_add"] },
  exp: { wat: MATH_EXP, uses: ["libm_exp_dd"] },
  libm_expm1_x: { wat: LIBM_EXPM1_X, uses: ["libm_exp_reduce", "libm_expm1_dd", "libm_add", "libm_scale"] },
  expm1: { wat: MATH_EXPM1, uses: ["libm_expm1_x", "libm_exp_dd"] },
  tanh: { wat: MATH_TANH, uses: ["libm_expm1_x", "libm_mul", "libm_add"] },
  log: { wat: MATH_LOG, uses: ["libm_log_dd"] },
  log1p: { wat: MATH_LOG1P, uses: ["libm_log_dd", "libm_add"] },
  pow: { wat: MATH_POW, uses: ["libm_log_dd", "libm_mul", "libm_exp_dd"] },
  sign: { wat: MATH_SIGN, uses: [] },
};

/** The Math functions computed here (the others are imported from the host). */
export const LIBM_NAMES: ReadonlySet<string> = new Set(["exp", "expm1", "tanh", "log", "log1p", "pow", "sign"]);

/** The WebAssembly text (globals and funcs, in a stable order) that defines `$Math_<name>` for each used name
 *  this library implements, with what they call. Names it does not implement are ignored. */
/** The libm functions `used` needs: those of them defined here, and every one they call. */
export function libmNeeded(used: Set<string>): Set<string> {
  const needed = new Set<string>();
  const add = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const u of FUNCS[name]!.uses) add(u);
  };
  for (const name of used) if (LIBM_NAMES.has(name)) add(name);
  return needed;
}

export function libmFunctions(used: Set<string>): string[] {
  const needed = libmNeeded(used);
  if (needed.size === 0) return [];
  return [LIBM_GLOBALS, ...Object.keys(FUNCS).filter((n) => needed.has(n)).map((n) => FUNCS[n]!.wat)];
}
