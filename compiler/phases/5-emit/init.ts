// Weight initialization emitted into the module: a seeded PRNG (mulberry32, integer math only,
// so the same seed gives bit-identical weights on every machine) and uniform He / Glorot limits.
import type { ModuleMeta } from "./meta.ts";
import type { ParamOffset } from "./layout.ts";

export const SEEDED_UNIFORM = `/** Fills target[start, end) with uniform values in (−limit, limit) from a mulberry32 stream. */
function seededUniform(target: Float32Array | Float64Array, start: number, end: number, limit: number, state: Uint32Array): void {
  for (let i = start; i < end; i++) {
    state[0] = (state[0] + 0x6d2b79f5) >>> 0;
    let t = state[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    target[i] = (2 * u - 1) * limit;
  }
}`;

/** He uniform: limit √(6 / fanIn); Glorot uniform: limit √(6 / (fanIn + fanOut)). */
export function initLimit(p: ParamOffset): number {
  const fanIn = p.shape.length > 1 ? p.shape[0] : p.shape[0] ?? 1;
  const fanOut = p.shape.length > 1 ? p.shape[p.shape.length - 1] : p.shape[0] ?? 1;
  return p.init === "heUniform" ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
}

export function initCode(meta: ModuleMeta, params: ParamOffset[]): string {
  const lines = [`const state = new Uint32Array(1);`, `state[0] = options.seed ?? ${meta.seed};`];
  for (const p of params) {
    if (p.init === "zeros") continue; // typed arrays start at zero
    lines.push(
      `seededUniform(this.params, ${p.offset}, ${p.offset + p.length}, ${initLimit(p)}, state); // ${p.init}`,
    );
  }
  return lines.join("\n");
}
