// How many values a fused loop reads into locals (x0, x1, …). Claimed names never collide with
// these or any other local the emitter writes: resolve-names.ts reserves what the module declares.

/** How many leaves a fused loop reads into locals; more are read in place. */
export const MAX_LEAF_LOCALS = 16;
