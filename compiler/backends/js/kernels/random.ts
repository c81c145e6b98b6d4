// Kernels drawing random numbers at run time: dropout's mask. They read and advance the model's
// generator state `this.randomState` (a uint32, seeded in the constructor, public so that a caller can
// replay the same masks), one mulberry32 step per element: the same seed gives the same masks.
import type { KernelContext } from "../rule.ts";

/** 2³², the number of mulberry32 outputs. */
const OUTPUTS = 4294967296;

/**
 * mask[i] = 0 when the step's uint32 is below rate·2³² (probability `rate`), else 1/(1 − rate).
 * mulberry32 (Tommy Ettinger): s += 0x6d2b79f5; t = s ^ s>>>15 times (s | 1); t ^= t + (t ^ t>>>7)·(t | 61); out t ^ t>>>14.
 */
export function dropoutMaskCode(k: KernelContext): string {
  const rate = k.attrs.rate as number;
  const threshold = Math.round(rate * OUTPUTS);
  const keep = 1 / (1 - rate);
  return `// inverted dropout's mask: 0 with probability ${rate}, else 1/(1 − ${rate}) = ${keep}; one mulberry32 step of the model's generator per element
let s = this.randomState;
for (let i = 0; i < ${k.size(k.outShape)}; i++) {
s = (s + 0x6d2b79f5) | 0;
let t = Math.imul(s ^ (s >>> 15), s | 1);
t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
${k.out}[i] = (t ^ (t >>> 14)) >>> 0 < ${threshold} ? 0 : ${keep};
}
this.randomState = s >>> 0;`;
}
