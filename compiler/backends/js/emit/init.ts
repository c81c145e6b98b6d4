// Weight initialization emitted into the module: a seeded PRNG (mulberry32) and a normal
// generator built from + − × ÷ and √ only (all correctly rounded in IEEE 754), so the same seed
// gives bit-identical weights on every machine and engine. Limits follow Keras / TensorFlow.js.
import type { ModuleMeta } from "./meta.ts";
import type { ParamOffset, StateOffset } from "./layout.ts";
import { commentText } from "./names.ts";

/** Seeds are mulberry32 states, 32-bit unsigned: the range the spec schema accepts too. */
const MAX_SEED = 2 ** 32 - 1;

export const INIT_HELPERS = `/** Uniform in [0, 1) from a mulberry32 stream whose state is state[0]. */
function seededRandom(state: Uint32Array): number {
  state[0] = (state[0]! + 0x6d2b79f5) >>> 0;
  let t = state[0]!;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** ln x for x > 0 with arithmetic only: x = m·2ᵏ (exact scaling), ln m = 2·atanh((m − 1)/(m + 1)). */
function portableLog(x: number): number {
  let k = 0;
  while (x >= 2) {
    x *= 0.5;
    k++;
  }
  while (x < 1) {
    x *= 2;
    k--;
  }
  const s = (x - 1) / (x + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let n = 1; n <= 41; n += 2) {
    sum += term / n;
    term *= s2;
  }
  return 2 * sum + k * 0.6931471805599453;
}

/** Fills target[start, end) uniformly in (−limit, limit). */
function seededUniform(
  target: Float32Array | Float64Array,
  start: number,
  end: number,
  limit: number,
  state: Uint32Array,
): void {
  for (let i = start; i < end; i++) target[i] = (2 * seededRandom(state) - 1) * limit;
}

/** Fills target[start, end) from a normal(0, stddev) truncated at 2·stddev (redrawn beyond), as TensorFlow.js. */
function seededTruncatedNormal(
  target: Float32Array | Float64Array,
  start: number,
  end: number,
  stddev: number,
  state: Uint32Array,
): void {
  for (let i = start; i < end; i++) {
    let z = 0;
    do {
      // Marsaglia's polar method
      let u = 0;
      let v = 0;
      let s = 0;
      do {
        u = 2 * seededRandom(state) - 1;
        v = 2 * seededRandom(state) - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      z = u * Math.sqrt((-2 * portableLog(s)) / s);
    } while (z > 2 || z < -2);
    target[i] = z * stddev;
  }
}`;

/** Fan-in and fan-out as Keras computes them: [in, out] for a kernel, [n] → (n, n) for a bias. */
function fans(shape: number[]): [number, number] {
  if (shape.length >= 2) return [shape[0], shape[shape.length - 1]];
  return [shape[0] ?? 1, shape[0] ?? 1];
}

/**
 * heX: variance 2 / fanIn; glorotX: variance 2 / (fanIn + fanOut). Uniform limit √3·σ.
 * randomUniform: uniform(−0.05, 0.05) as Keras's embeddings; ones: every element 1.
 */
export function initScale(p: ParamOffset): { kind: "uniform" | "normal" | "constant"; scale: number } | null {
  const [fanIn, fanOut] = p.fans ?? fans(p.shape);
  const variance = p.init.startsWith("he") ? 2 / fanIn : 2 / (fanIn + fanOut);
  switch (p.init) {
    case "zeros":
      return null;
    case "ones":
      return { kind: "constant", scale: 1 };
    case "heUniform":
    case "glorotUniform":
      return { kind: "uniform", scale: Math.sqrt(3 * variance) };
    case "heNormal":
    case "glorotNormal":
      return { kind: "normal", scale: Math.sqrt(variance) };
    case "randomUniform": // Keras's RandomUniform default: uniform(−0.05, 0.05)
      return { kind: "uniform", scale: 0.05 };
  }
}

/**
 * The constructor's initialization: parameters from the seed, state to its start (zeros or ones) and,
 * with `random`, the dropout generator continuing the initialization's stream.
 */
export function initCode(meta: ModuleMeta, params: ParamOffset[], state: StateOffset[] = [], random = false): string {
  // The seed is a mulberry32 state: any other value would silently wrap to another seed.
  const check = `if (
  options.seed !== undefined &&
  !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= ${MAX_SEED})
) {
  throw new RangeError(
    \`seed must be an integer in 0..${MAX_SEED}, got \${typeof options.seed === "number" ? options.seed : \`a \${typeof options.seed}\`}\`,
  );
}`;
  const lines = [check, `const state = new Uint32Array(1);`, `state[0] = options.seed ?? ${meta.seed};`];
  for (const p of params) {
    const init = initScale(p);
    if (!init) continue; // typed arrays start at zero
    if (init.kind === "constant") {
      lines.push(`this.params.fill(${init.scale}, ${p.offset}, ${p.offset + p.length}); // ${p.init}`);
      continue;
    }
    const fill = init.kind === "uniform" ? "seededUniform" : "seededTruncatedNormal";
    lines.push(`${fill}(this.params, ${p.offset}, ${p.offset + p.length}, ${init.scale}, state); // ${p.init}`);
  }
  for (const v of state) if (v.init === "ones") lines.push(`this.state.fill(1, ${v.offset}, ${v.offset + v.length}); // ${commentText(v.name)}: ones`);
  if (random) lines.push("this.randomState = state[0]!; // dropout's masks continue the seeded stream");
  return lines.join("\n");
}
