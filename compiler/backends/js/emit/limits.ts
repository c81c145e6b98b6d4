// Sizes the emitter's reserved names are built for.

/** A small product written inline reads at most this many epilogue arrays (else it is a function). */
export const MAX_INLINE_ARGS = 8;
