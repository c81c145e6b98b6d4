// The register-tiled matrix kernels against a naive triple loop: every transpose combination,
// tile shapes that do and do not divide the matrix (row and column remainders), the batch
// dimension as a run-time value in any position, and epilogues (bias start, activation,
// per-element and scalar operands).
import { describe, expect, it } from "vitest";
import { transformSync } from "esbuild";
import type { Dim } from "../../../../../compiler/ir/graph.ts";
import { gemmKernel, type Epilogue } from "../../../../../compiler/backends/js/emit/gemm.ts";
import { chooseTiles, tileCandidates } from "../../../../../compiler/phases/4-plan/tiles.ts";
import { rng } from "../../../../support/finite-diff.ts";

type Kernel = (...args: unknown[]) => void;

function compileKernel(dims: { M: Dim; N: Dim; K: Dim; ta: boolean; tb: boolean }, ri: number, rj: number, ep: Epilogue | null): Kernel {
  const k = gemmKernel({ ...dims, ri, rj }, ep, "Float64Array");
  const js = transformSync(`return function kernel(${k.params}): void {\n${k.body}\n}`, { loader: "ts" }).code;
  return new Function(js)() as Kernel;
}

/** Plain C = op(A)·op(B), then `post(acc, index, column)` per element. */
function naive(A: Float64Array, B: Float64Array, M: number, N: number, K: number, ta: boolean, tb: boolean, post = (v: number, _i: number, _j: number) => v) {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) s += A[ta ? p * M + i : i * K + p] * B[tb ? j * K + p : p * N + j];
      C[i * N + j] = post(s, i * N + j, j);
    }
  }
  return C;
}

const next = rng(99);
const random = (n: number) => Float64Array.from({ length: n }, () => 2 * next() - 1);

const close = (got: Float64Array, want: Float64Array) => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want[i])));
};

describe("gemm kernels", () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 2],
    [8, 8, 8],
    [9, 17, 4],
    [16, 10, 7],
    [20, 12, 3],
    [13, 24, 9],
  ];
  const transposes: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];

  for (const [ta, tb] of transposes) {
    it(`${ta ? "Aᵀ" : "A"}·${tb ? "Bᵀ" : "B"}: constant shapes, every tile the plan picks and 8×8`, () => {
      for (const [M, N, K] of sizes) {
        const A = random(M * K);
        const B = random(K * N);
        const want = naive(A, B, M, N, K, ta, tb);
        const { ri, rj } = chooseTiles(M, N, K, 64);
        for (const [r, c] of [[ri, rj], [Math.min(8, M), Math.min(8, N)], [1, 1]]) {
          const C = new Float64Array(M * N);
          compileKernel({ M, N, K, ta, tb }, r, c, null)(A, B, C);
          close(C, want);
        }
      }
    });

    it(`${ta ? "Aᵀ" : "A"}·${tb ? "Bᵀ" : "B"}: the batch as M, N or K, every batch from 1 to 19`, () => {
      for (const which of ["M", "N", "K"] as const) {
        const fixed = { M: 6, N: 11, K: 5 };
        for (let batch = 1; batch <= 19; batch++) {
          const d = { ...fixed, [which]: batch };
          const dims = { M: which === "M" ? "n" : d.M, N: which === "N" ? "n" : d.N, K: which === "K" ? "n" : d.K, ta, tb } as const;
          const { ri, rj } = chooseTiles(dims.M, dims.N, dims.K, 19);
          const A = random(d.M * d.K);
          const B = random(d.K * d.N);
          const C = new Float64Array(d.M * d.N);
          compileKernel(dims, ri, rj, null)(A, B, C, batch);
          close(C, naive(A, B, d.M, d.N, d.K, ta, tb));
        }
      }
    });
  }

  it("epilogue: bias as the accumulators' start, relu, a same-shape operand and a scalar", () => {
    // C = max(A·B + bias, 0) · E + s
    const ep: Epilogue = {
      args: ["column", "same", "scalar"],
      biasInit: 0,
      element: (acc, load) => ({ temps: [], expr: `(${acc} > 0 ? ${acc} : 0) * ${load(1)} + ${load(2)}` }),
      tag: "test",
    };
    for (const [M, N, K] of [[5, 13, 7], [16, 8, 3], [1, 20, 2]] as const) {
      for (let batch = 1; batch <= M; batch++) {
        const A = random(M * K);
        const B = random(K * N);
        const bias = random(N);
        const E = random(M * N);
        const s = random(1);
        const C = new Float64Array(M * N);
        const { ri, rj } = chooseTiles("n", N, K, M);
        compileKernel({ M: "n", N, K, ta: false, tb: false }, ri, rj, ep)(A, B, bias, E, s, C, batch);
        const want = naive(A, B, batch, N, K, false, false, (v, i, j) => Math.max(v + bias[j], 0) * E[i] + s[0]);
        close(C.subarray(0, batch * N), want);
      }
    }
  });

  it("epilogue temporaries are evaluated once per element", () => {
    const ep: Epilogue = {
      args: [],
      biasInit: -1,
      element: (acc, _load, temp) => {
        const t = temp();
        return { temps: [{ name: t, code: `${acc} * 2` }], expr: `${t} * ${t}` };
      },
      tag: "square",
    };
    const [M, N, K] = [9, 9, 4];
    const A = random(M * K);
    const B = random(K * N);
    const C = new Float64Array(M * N);
    compileKernel({ M, N, K, ta: false, tb: true }, 8, 8, ep)(A, B, C);
    close(C, naive(A, B, M, N, K, false, true, (v) => 4 * v * v));
  });
});

describe("every candidate tile", () => {
  // The tiles the cost model and bench/tiles.ts choose from, on products with row and column
  // remainders, constant and batched: each against the naive product.
  it("computes the product, whatever its remainders", () => {
    for (const [M, N, K] of [[13, 10, 5], [7, 11, 3]] as const) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
        const A = random(M * K);
        const B = random(K * N);
        const want = naive(A, B, M, N, K, ta, tb);
        for (const { ri, rj } of tileCandidates(N)) {
          const C = new Float64Array(M * N);
          compileKernel({ M, N, K, ta, tb }, ri, rj, null)(A, B, C);
          close(C, want);
          const batched = new Float64Array(M * N);
          compileKernel({ M: "n", N, K, ta: false, tb }, ri, rj, null)(ta ? transpose(A, K, M) : A, B, batched, M);
          close(batched, want);
        }
      }
    }
  });
});

/** The [rows, cols] row-major matrix transposed. */
function transpose(X: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(X.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) T[c * rows + r] = X[r * cols + c]!;
  return T;
}
