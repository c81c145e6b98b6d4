// The SIMD max pooling against the JavaScript kernel's rule (m from the window's first element, then
// v > m takes v): odd sizes, channels 1–9 (partial vectors), windows, strides and pads, batch 1 and 3,
// f32 and f64, NaNs and ties sprinkled in (exact agreement, bit for bit); guards around y.
import { describe, expect, it } from "vitest";
import { maxPoolWat, type WasmMaxPool } from "../../../../../compiler/backends/wasm/kernels/pool.ts";
import { poolDims } from "../../../../../compiler/ops/pool.ts";

const geometries = [
  { H: 8, W: 8, C: 16, window: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] },
  { H: 7, W: 9, C: 3, window: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
  { H: 5, W: 6, C: 9, window: [2, 3], strides: [1, 2], pads: [0, 1, 2, 0] },
  { H: 6, W: 5, C: 1, window: [3, 2], strides: [3, 1], pads: [2, 0, 0, 1] },
  { H: 4, W: 7, C: 6, window: [1, 1], strides: [1, 1], pads: [0, 0, 0, 0] },
  { H: 9, W: 9, C: 5, window: [3, 3], strides: [3, 3], pads: [0, 0, 0, 0] },
];

describe("maxPoolWat", () => {
  for (const dtype of ["f32", "f64"] as const) {
    it(`odd shapes, windows, strides, pads, NaNs and ties, ${dtype}`, async () => {
      const wabt = await (await import("wabt")).default();
      const pools: WasmMaxPool[] = geometries.flatMap((g, t) => [
        { name: `p${t}`, d: poolDims(["n", g.H, g.W, g.C], g), dtype },
        { name: `q${t}`, d: poolDims([2, g.H, g.W, g.C], g), dtype },
      ]);
      const text = `(module (memory (export "memory") 4)\n${pools.map(maxPoolWat).join("\n")}\n${pools.map((p) => `(export "${p.name}" (func $${p.name}))`).join("\n")})`;
      const m = wabt.parseWat("pool.wat", text, { simd: true });
      m.resolveNames();
      m.validate();
      const { instance } = await WebAssembly.instantiate(new Uint8Array(m.toBinary({}).buffer));
      const memory = instance.exports.memory as WebAssembly.Memory;
      const Arr = dtype === "f32" ? Float32Array : Float64Array;
      let seed = 5;
      const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
      for (const p of pools) {
        for (const batch of p.d.N === "n" ? [1, 3] : [2]) {
          const d = p.d;
          const xs = batch * d.H * d.W * d.C;
          const ys = batch * d.OH * d.OW * d.C;
          const x = new Arr(memory.buffer, 64, xs);
          const guard = 8;
          const y = new Arr(memory.buffer, 64 + (xs + 8) * x.BYTES_PER_ELEMENT, ys + 2 * guard);
          // few distinct values (ties), some NaNs and signed zeros
          for (let t = 0; t < xs; t++) {
            const r = random();
            x[t] = r < -0.9 ? NaN : r < -0.8 ? -0 : r < -0.7 ? 0 : Math.round(r * 4) / 4;
          }
          y.fill(12345);
          (instance.exports[p.name] as Function)(x.byteOffset, y.byteOffset + guard * x.BYTES_PER_ELEMENT, batch);
          const want = new Arr(ys);
          const [top, , left] = d.pads;
          for (let b = 0; b < batch; b++)
            for (let i = 0; i < d.OH; i++)
              for (let j = 0; j < d.OW; j++)
                for (let c = 0; c < d.C; c++) {
                  const h0 = Math.max(i * d.strides[0] - top, 0), h1 = Math.min(i * d.strides[0] - top + d.window[0], d.H);
                  const w0 = Math.max(j * d.strides[1] - left, 0), w1 = Math.min(j * d.strides[1] - left + d.window[1], d.W);
                  let mx = x[((b * d.H + h0) * d.W + w0) * d.C + c]!;
                  for (let h = h0; h < h1; h++)
                    for (let w = w0; w < w1; w++) {
                      const v = x[((b * d.H + h) * d.W + w) * d.C + c]!;
                      if (v > mx) mx = v;
                    }
                  want[((b * d.OH + i) * d.OW + j) * d.C + c] = mx;
                }
          const got = Array.from(y.subarray(guard, guard + ys));
          const same = got.every((v, t) => Object.is(v, want[t]));
          const guards = [...y.subarray(0, guard), ...y.subarray(guard + ys)].every((v) => v === 12345);
          expect({ name: p.name, batch, same, guards }).toEqual({ name: p.name, batch, same: true, guards: true });
        }
      }
    });
  }
});
