// The bench's ONNX peer: models built by bench/onnx/graph.mjs run in onnxruntime-web (through
// bench/ort-impl.mjs, as the bench runs them) and give the outputs computed here, by hand for a
// small MLP and by a plain NHWC loop nest for a small CNN (its layouts are what a converter gets wrong).
import { describe, expect, it } from "vitest";
import { permute } from "../../bench/onnx/graph.mjs";
import { makeOrt } from "../../bench/ort-impl.mjs";

describe("ONNX models of the bench workloads in onnxruntime-web", () => {
  it("an MLP (Gemm, Relu, Gemm, Softmax) gives the hand-computed probabilities", async () => {
    const w = { name: "tiny", batch: 2, sizes: [3, 2, 2], activations: ["relu", "identity"], loss: "softmaxCrossEntropy" };
    // kernel [3, 2], bias, kernel [2, 2], bias
    const params = Float32Array.from([1, -1, 0.5, 2, 2, 0, 0.5, -4, 1, 0, -1, 1, 0, 1]);
    const x = Float32Array.from([1, 2, -1, 0, 1, 3]);
    const ort = await makeOrt(w, params, x);
    // row 0: hidden relu([0.5, -1]) = [0.5, 0], logits [0.5, 1]; row 1: relu([7, -2]) = [7, 0], logits [7, 1]
    const expected = [1 / (1 + Math.exp(0.5)), 1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-6)), 1 / (1 + Math.exp(6))];
    const out = await ort.output();
    expect(out.length).toBe(4);
    for (let i = 0; i < 4; i++) expect(out[i]).toBeCloseTo(expected[i], 6);
    expect(await ort.infer()).toBeCloseTo(expected[0], 6);
  });

  it("an MSE head ends in its activation (no softmax): tanh then sigmoid", async () => {
    const w = { name: "xor-like", batch: 1, sizes: [2, 1, 1], activations: ["tanh", "sigmoid"], loss: "mse" };
    const ort = await makeOrt(w, Float32Array.from([0.5, -0.25, 0.1, 2, -0.3]), Float32Array.from([1, 2]));
    const hidden = Math.tanh(0.5 - 0.5 + 0.1);
    expect((await ort.output())[0]).toBeCloseTo(1 / (1 + Math.exp(-(2 * hidden - 0.3))), 6);
  });

  it("a CNN (NHWC input and HWIO kernels in ONNX's NCHW) matches a plain loop nest", async () => {
    const [B, H, W, C, F, K] = [2, 4, 4, 2, 3, 3];
    const layers = [
      { type: "conv2d", filters: F, kernelSize: K, padding: "same", activation: "relu" },
      { type: "maxPooling2d", poolSize: 2 },
      { type: "flatten" },
      { type: "dense", units: 2 },
    ];
    const w = { name: "tiny-cnn", batch: B, sizes: [H * W * C, 2], input: [H, W, C], layers, loss: "softmaxCrossEntropy" };
    const params = seeded(K * K * C * F + F + 2 * 2 * F * 2 + 2, 7);
    const x = seeded(B * H * W * C, 11);
    const out = await (await makeOrt(w, params, x)).output();
    const expected = cnnByHand(x, params, B, H, W, C, F, K);
    expect(out.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(out[i]).toBeCloseTo(expected[i], 5);
  });

  it("permute reorders axes (output axis i = input axis order[i])", () => {
    // [2, 3] → [3, 2]: a transpose
    expect([...permute(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], [1, 0])]).toEqual([1, 4, 2, 5, 3, 6]);
    // [1, 2, 2] → [2, 1, 2]
    expect([...permute(Float32Array.from([1, 2, 3, 4]), [1, 2, 2], [1, 0, 2])]).toEqual([1, 2, 3, 4]);
    expect([...permute(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), [2, 2, 2], [2, 0, 1])]).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
  });
});

/** Values in [-1, 1) from a small linear congruential generator. */
function seeded(n: number, seed: number) {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 31) - 1);
}

/** conv 3×3 "same" (kernel [K, K, C, F], then bias) + relu, 2×2 max pool, flatten (h, w, c), dense, softmax. */
function cnnByHand(x: Float32Array, p: Float32Array, B: number, H: number, W: number, C: number, F: number, K: number) {
  const bias = K * K * C * F;
  const dense = bias + F;
  const [PH, PW] = [H / 2, W / 2];
  const denseBias = dense + PH * PW * F * 2;
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    const conv = (i: number, j: number, f: number) => {
      let sum = p[bias + f];
      for (let di = 0; di < K; di++)
        for (let dj = 0; dj < K; dj++)
          for (let c = 0; c < C; c++) {
            const [r, q] = [i + di - 1, j + dj - 1];
            if (r >= 0 && r < H && q >= 0 && q < W) sum += x[((b * H + r) * W + q) * C + c] * p[((di * K + dj) * C + c) * F + f];
          }
      return Math.max(0, sum);
    };
    const flat: number[] = [];
    for (let i = 0; i < PH; i++)
      for (let j = 0; j < PW; j++)
        for (let f = 0; f < F; f++) flat.push(Math.max(conv(2 * i, 2 * j, f), conv(2 * i, 2 * j + 1, f), conv(2 * i + 1, 2 * j, f), conv(2 * i + 1, 2 * j + 1, f)));
    const logits = [0, 1].map((u) => flat.reduce((s, v, k) => s + v * p[dense + k * 2 + u], p[denseBias + u]));
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    out.push(...e.map((v) => v / (e[0] + e[1])));
  }
  return out;
}
