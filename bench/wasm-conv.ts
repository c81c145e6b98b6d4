// `npx tsx bench/wasm-conv.ts [--tiles 4x2,2x6] [--f64] [--batch 32]`: times the WebAssembly SIMD
// convolution kernels (compiler/backends/wasm/kernels/conv.ts) on lenet's two convolutions (28×28×1 → 16,
// 14×14×16 → 32, 3×3 same) and their two derivatives: the best of 5 rounds of 10 calls, and
// multiply-adds per nanosecond. --tiles: register tiles to compare (the kernel's default otherwise).
import wabtInit from "wabt";
import { convParams, convWat, type ConvOp, type WasmConv } from "../compiler/backends/wasm/kernels/conv.ts";
import { convDims } from "../compiler/ops/conv.ts";

const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
};
const dtype = process.argv.includes("--f64") ? "f64" : "f32";
const batch = Number(option("batch") ?? 32);
const tiles = option("tiles")?.split(",").map((t) => t.split("x").map(Number) as [number, number]) ?? [undefined];
const attrs = { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1] };
const shapes: [string, number[], number[]][] = [
  ["conv1", [28, 28, 1], [3, 3, 1, 16]],
  ["conv2", [14, 14, 16], [3, 3, 16, 32]],
];
const ops: ConvOp[] = ["conv2d", "conv2d_input_grad", "conv2d_kernel_grad"];
const cs: WasmConv[] = [];
for (const op of ops)
  for (const [name, x, k] of shapes)
    for (const tile of tiles) {
      const forward = op === "conv2d";
      cs.push({ name: `${op}_${name}${tile ? `_${tile.join("x")}` : ""}`, op, d: convDims(["n", ...x], k, attrs), dtype, bias: forward, relu: forward, ...(tile ? { tile } : {}) });
    }
const wabt = await wabtInit();
const text = `(module (memory (export "memory") 256)\n${cs.map(convWat).join("\n")}\n${cs.map((c) => `(export "${c.name}" (func $${c.name}))`).join("\n")})`;
const m = wabt.parseWat("conv.wat", text, { simd: true });
m.resolveNames();
m.validate();
const { instance } = await WebAssembly.instantiate(new Uint8Array(m.toBinary({}).buffer));
const fns = instance.exports as Record<string, Function>;
// (operands anywhere in the 16 MiB: their values do not matter to the time)
const at: Record<string, number> = { A: 1 << 16, B: 5 << 20, bias: 6 << 20, C: 7 << 20, batch };
for (const c of cs) {
  const args = convParams(c).map((p) => at[p]!);
  for (let r = 0; r < 5; r++) fns[c.name]!(...args);
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 10; k++) fns[c.name]!(...args);
    best = Math.min(best, (performance.now() - t0) / 10);
  }
  const d = c.d;
  const madds = batch * d.OH * d.OW * d.F * d.KH * d.KW * d.C;
  console.log(`${c.name.padEnd(32)} ${best.toFixed(3).padStart(7)} ms  ${(madds / best / 1e6).toFixed(2)} multiply-adds/ns`);
}
