// The SIMD convolution kernels (conv2d and its two derivatives) against a float64 convolution: odd
// sizes, channels and filters (partial vectors), strides 1–3, dilations, valid and same padding,
// batch 1 and 3 (a run-time batch or a constant), f32 and f64, bias, relu and a store hook; guards
// around the output catch a store past its end. Tolerance as gemm.test.ts: per element, relative
// to Σ|terms| + |bias| + |expected|.
import { describe, expect, it } from "vitest";
import type { ConvOp, WasmConv } from "../../../../../compiler/backends/wasm/kernels/conv.ts";
import { convDims } from "../../../../../compiler/ops/conv.ts";
import { bytesNeeded, check, instantiate, type ConvCase } from "./conv-harness.ts";

const tolerance = { f32: 1e-5, f64: 1e-12 };

/** C[at] = acc · e0[at] + column (through a local of its own, $t). */
function hook(dtype: "f32" | "f64") {
  const shift = dtype === "f32" ? 2 : 3;
  return (acc: string, at: string, column: string) => {
    const addr = (base: string) => `(i32.add (local.get ${base}) (i32.shl (local.get ${at}) (i32.const ${shift})))`;
    const t = `(local.set $t (${dtype}.mul (local.get ${acc}) (${dtype}.load ${addr("$e0")})))`;
    return `${t} (${dtype}.store ${addr("$C")} (${dtype}.add (local.get $t) (${dtype}.convert_i32_s (local.get ${column}))))`;
  };
}

const reference = (c: WasmConv) => (acc: number, at: number, column: number, extra: Float64Array) => {
  const v = c.relu ? Math.max(acc, 0) : acc;
  return c.store ? v * extra[at]! + column : v;
};

interface Geometry {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  F: number;
  strides: [number, number];
  dilations: [number, number];
  same: boolean;
}

/** [top, bottom, left, right] of "same" padding (TensorFlow's: the extra one after). */
function samePads(g: Geometry): number[] {
  const one = (size: number, k: number, s: number, dil: number) => {
    const out = Math.ceil(size / s);
    const total = Math.max(0, (out - 1) * s + (k - 1) * dil + 1 - size);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  return [...one(g.H, g.KH, g.strides[0], g.dilations[0]), ...one(g.W, g.KW, g.strides[1], g.dilations[1])];
}

let names = 0;
function conv(op: ConvOp, g: Geometry, dtype: "f32" | "f64", batch: "n" | number, extras: Partial<WasmConv> = {}): WasmConv {
  const pads = g.same ? samePads(g) : [0, 0, 0, 0];
  const d = convDims([batch, g.H, g.W, g.C], [g.KH, g.KW, g.C, g.F], { strides: g.strides, dilations: g.dilations, pads });
  const c: WasmConv = { name: `c${names++}`, op, d, dtype, ...extras };
  if (extras.extraParams) [c.store, c.hookLocals] = [hook(dtype), [["$t", dtype]]];
  return c;
}

async function runAll(cases: ConvCase[]): Promise<void> {
  const unique = [...new Map(cases.map((k) => [k.c.name, k.c])).values()];
  const pages = Math.ceil(Math.max(...cases.map(bytesNeeded)) / 65536);
  const { memory, fns } = await instantiate(unique, pages);
  for (const k of cases) {
    const { error, guards } = check(k, fns, memory, reference(k.c));
    const d = k.c.d;
    const label = `${k.c.name} ${k.c.op} ${d.H}x${d.W}x${d.C} k${d.KH}x${d.KW}→${d.F} s${d.strides} d${d.dilations} p${d.pads} ${k.c.dtype} batch ${k.batch}${k.c.bias ? " bias" : ""}${k.c.relu ? " relu" : ""}${k.c.store ? " hook" : ""}`;
    expect({ label, guards, ok: error <= tolerance[k.c.dtype], error: error <= tolerance[k.c.dtype] ? 0 : error }).toEqual({ label, guards: true, ok: true, error: 0 });
  }
}

const geometries: Geometry[] = [
  { H: 7, W: 9, C: 1, KH: 3, KW: 3, F: 5, strides: [1, 1], dilations: [1, 1], same: false },
  { H: 7, W: 9, C: 3, KH: 3, KW: 2, F: 7, strides: [1, 1], dilations: [1, 1], same: true },
  { H: 8, W: 11, C: 5, KH: 3, KW: 3, F: 9, strides: [2, 2], dilations: [1, 1], same: true },
  { H: 9, W: 10, C: 6, KH: 2, KW: 3, F: 3, strides: [3, 2], dilations: [1, 1], same: false },
  { H: 9, W: 12, C: 2, KH: 3, KW: 3, F: 8, strides: [1, 1], dilations: [2, 2], same: true },
  { H: 10, W: 9, C: 7, KH: 3, KW: 2, F: 13, strides: [2, 3], dilations: [2, 1], same: true },
  { H: 6, W: 13, C: 4, KH: 1, KW: 5, F: 16, strides: [1, 1], dilations: [1, 3], same: false },
  { H: 5, W: 5, C: 9, KH: 5, KW: 5, F: 2, strides: [1, 1], dilations: [1, 1], same: true },
  { H: 4, W: 4, C: 1, KH: 3, KW: 3, F: 1, strides: [3, 3], dilations: [1, 1], same: true },
  { H: 3, W: 17, C: 3, KH: 3, KW: 3, F: 6, strides: [1, 1], dilations: [1, 1], same: true },
];

describe("convWat", () => {
  for (const dtype of ["f32", "f64"] as const) {
    for (const op of ["conv2d", "conv2d_input_grad", "conv2d_kernel_grad"] as const) {
      it(`${op}, ${dtype}: odd shapes, strides, dilations, same/valid, batch 1 and 3`, async () => {
        const cases: ConvCase[] = [];
        geometries.forEach((g, t) => {
          const extras: Partial<WasmConv> = op !== "conv2d" ? {} : t % 3 === 0 ? { bias: true } : t % 3 === 1 ? { bias: true, relu: true } : { extraParams: ["e0"], relu: t % 2 === 0 };
          for (const batch of [1, 3]) cases.push({ c: conv(op, g, dtype, "n", extras), batch });
          cases.push({ c: conv(op, g, dtype, 2, extras), batch: 2 });
        });
        await runAll(cases);
      });
    }
  }
});
