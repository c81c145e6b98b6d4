// Local identifiers the emitted loops declare inside the model's methods. The name table reserves
// them, so no spec name can be given one of them and be shadowed inside a loop.
import { kernelLocals } from "./gemm.ts";
import { MAX_INLINE_ARGS } from "./limits.ts";

const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/** Leaf locals x0…, temporaries v0…, column sums s0…, and the scalars of the fused loss loops. */
export const EMIT_LOCALS: readonly string[] = [
  ...numbered("x", 16),
  ...numbered("v", 16),
  ...numbered("s", 12),
  ..."i j k r o m d g t v s p sum total inv scale lse sumY sumYZ".split(" "),
  // small matrix products are written inline (see 4-plan/tiles.ts)
  ...kernelLocals(1, 4, MAX_INLINE_ARGS),
];

/** How many leaves a fused loop reads into locals; more are read in place. */
export const MAX_LEAF_LOCALS = 16;
