// Fusion, register-tiled kernels and memory sharing change how the gradients are computed, never
// what they are: for networks covering every activation, every loss, fan-out and batch sizes that
// leave tile remainders, the optimized module's gradients (f64) match central finite differences,
// and match the unfused module (one loop per IR node, no arena sharing decisions from fusion) to
// rounding.
import { describe, expect, it } from "vitest";
import { validateSpec } from "../../../../src/index.ts";
import { lower } from "../../../../compiler/phases/1-lower/lower.ts";
import { differentiate } from "../../../../compiler/phases/2-autodiff/autodiff.ts";
import { optimize } from "../../../../compiler/phases/3-optimize/index.ts";
import { planMemory } from "../../../../compiler/phases/4-plan/plan.ts";
import { emitModule } from "../../../../compiler/backends/js/emit/module.ts";
import { formatModule } from "../../../../compiler/backends/js/emit/format.ts";
import { metaFromGraph } from "../../../../compiler/backends/js/emit/meta.ts";
import { compileGraph } from "../../../../compiler/index.ts";
import { loadModule, type LoadedModule } from "../../../support/load-module.ts";
import { checkGradients, FD_TOLERANCE, rng } from "../../../support/finite-diff.ts";
import { fromBelow, scaledError, scaleOf } from "../../../support/fd-oracle.ts";
import { SHARED_GRADIENTS_SPEC } from "../../../support/shared-gradients.ts";
import { ROWS_SPEC } from "../../../support/rows-spec.ts";

type Act = "relu" | "tanh" | "sigmoid" | "leakyRelu" | "elu" | "softplus" | "gelu" | "silu" | "swish" | "identity";

const dense = (units: number, activation: Act, extra: object = {}) => ({
  type: "dense",
  units,
  ...(activation === "identity" ? {} : { activation }),
  ...extra,
});

function mlp(name: string, sizes: number[], acts: Act[], loss: string, maxBatch: number, extra: object[] = []) {
  return {
    name,
    dtype: "f64",
    maxBatch,
    inputs: { x: [sizes[0]] },
    targets: { y: [sizes[sizes.length - 1]] },
    layers: sizes.slice(1).map((u, l) => dense(u, acts[l], extra[l] ?? {})),
    loss: { type: loss },
    optimizer: { type: "sgd", lr: 0.1 },
  };
}

/** [name, spec, batch]: batches below, at and above a tile multiple (8 rows). */
const CASES: [string, object, number][] = [
  ["relu → softmax xent, 13 wide (column remainder), batch 11", mlp("a", [5, 13, 4], ["relu", "identity"], "softmaxCrossEntropy", 11), 11],
  ["tanh → sigmoid, mse, batch 3", mlp("b", [3, 9, 2], ["tanh", "sigmoid"], "mse", 4), 3],
  ["sigmoid, sigmoid xent, batch 9", mlp("c", [4, 17, 3], ["sigmoid", "identity"], "sigmoidCrossEntropy", 9), 9],
  ["leakyRelu + elu, mse, batch 8", mlp("d", [6, 10, 12, 2], ["leakyRelu", "elu", "identity"], "mse", 8), 8],
  ["softplus + gelu + silu, softmax xent, batch 5", mlp("e", [3, 7, 8, 5, 4], ["softplus", "gelu", "silu", "identity"], "softmaxCrossEntropy", 6), 5],
  ["no bias, relu, mse, batch 16", mlp("f", [4, 16, 1], ["relu", "identity"], "mse", 16, [{ useBias: false }, { useBias: false }]), 16],
  ["swish, huber (δ 0.3: both branches), batch 6", { ...mlp("i", [4, 11, 3], ["swish", "identity"], "huber", 8), loss: { type: "huber", delta: 0.3 } }, 6],
  ["tanh, mean absolute error, batch 9", mlp("j", [5, 10, 3], ["tanh", "identity"], "meanAbsoluteError", 9), 9],
  ["relu output layer, mse, batch 1", mlp("g", [2, 3, 2], ["relu", "relu"], "mse", 2), 1],
  [
    "graph form: fan-out and a residual sum, batch 7",
    {
      name: "h",
      dtype: "f64",
      maxBatch: 8,
      inputs: { x: [5] },
      targets: { y: [2] },
      nodes: {
        h1: { type: "dense", units: 9, input: "x", activation: "tanh" },
        h2: { type: "dense", units: 9, input: "h1", activation: "relu" },
        sum: { type: "add", inputs: ["h1", "h2"] },
        out: { type: "dense", units: 2, input: "sum" },
      },
      output: "out",
      loss: { type: "mse" },
      optimizer: { type: "sgd", lr: 0.1 },
    },
    7,
  ],
  [
    "rows: a custom loss whose per-sample sum nests a mean and a max of rows in the loss loop, batch 6",
    ROWS_SPEC,
    6,
  ],
  [
    "graph form: two layers summed, gradients shared by two layers, batch 5",
    { ...SHARED_GRADIENTS_SPEC, dtype: "f64", maxBatch: 5, optimizer: { type: "sgd", lr: 0.1 } },
    5,
  ],
];

async function build(spec: object, fuse: boolean): Promise<LoadedModule> {
  const normalized = validateSpec(spec);
  const { graph } = lower(normalized);
  const meta = metaFromGraph(graph, { maxBatch: normalized.maxBatch, inputs: 1 });
  if (fuse) return loadModule((await compileGraph(graph, meta)).code);
  const optimized = optimize(differentiate(graph));
  const plan = planMemory(optimized, normalized.maxBatch, { fuse: false });
  return loadModule(await formatModule(emitModule(optimized, plan, meta)));
}

function data(module: LoadedModule, batch: number, loss: string) {
  const next = rng(batch * 7 + 1);
  const width = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);
  const x = Float64Array.from({ length: batch * width(module.layout.inputs[0].shape) }, () => 2 * next() - 1);
  const cols = width(module.layout.targets[0].shape);
  const y = new Float64Array(batch * cols);
  for (let r = 0; r < batch; r++) {
    if (loss === "softmaxCrossEntropy") y[r * cols + Math.floor(next() * cols)] = 1;
    else for (let j = 0; j < cols; j++) y[r * cols + j] = loss === "sigmoidCrossEntropy" ? next() : 2 * next() - 1;
  }
  return { x, y };
}

describe("optimized kernels keep the gradients (f64)", () => {
  it.each(CASES)("%s", { timeout: 60_000 }, async (_name, spec, batch) => {
    const lossType = (spec as { loss: { type: string } }).loss.type;
    const fused = await build(spec, true);
    const unfused = await build(spec, false);
    const a = new fused.Model({ seed: 5 });
    const b = new unfused.Model({ seed: 5 });
    // Biases away from 0, so no pre-activation sits on a kink of relu & co.
    const next = rng(3);
    for (const p of fused.layout.params) {
      if (p.name.endsWith("bias")) for (let i = 0; i < p.length; i++) a.params[p.offset + i] = 0.1 + 0.5 * next();
    }
    b.params.set(a.params);
    const { x, y } = data(fused, batch, lossType);

    const fd = checkGradients(a, () => a.loss(x, y, batch), fused.layout.params);
    expect(fd.worst, `worst at parameter ${fd.worstIndex}`).toBeLessThan(FD_TOLERANCE);

    const lossA = a.loss(x, y, batch);
    const lossB = b.loss(x, y, batch);
    a.backward();
    b.backward();
    // Fusion and tiling reorder sums: rounding (ε ≈ 1e-16 per operation, a few hundred operations
    // deep) moves results by ≲ 1e-13 of their scale; 1e-12 of it, relative, with no absolute floor.
    expect(Math.abs(lossA - lossB)).toBeLessThanOrEqual(1e-12 * Math.abs(lossB));
    const scale = Math.max(...Array.from(b.grads, Math.abs));
    for (let i = 0; i < b.grads.length; i++) expect(Math.abs(a.grads[i] - b.grads[i])).toBeLessThanOrEqual(1e-12 * scale);
    // Rows [0, batch) of the output are defined; the rest of the buffer is scratch.
    const rows = batch * fused.layout.outputs[0].shape.reduce((m, d) => m * d, 1);
    const outA = Array.from(a.forward(x, batch).subarray(0, rows));
    const outB = Array.from(b.forward(x, batch).subarray(0, rows));
    for (let i = 0; i < outB.length; i++) expect(Math.abs(outA[i] - outB[i])).toBeLessThanOrEqual(1e-12);
  });
});

/**
 * Every activation (α ≠ 1 and ≠ the defaults) fused into a product's epilogue, at and around its
 * kink: x feeds one dense layer per activation, all summed into a dense head. With x = 0 and zero
 * biases every pre-activation is exactly 0, where the rule takes the slope from below (checked by a
 * one-sided difference: moving any parameter down keeps every kink on its left side); with
 * |x| ≲ 1e-3 the pre-activations are near 0, where central differences apply.
 */
const KINKED = [
  ["relu", {}],
  ["leakyRelu", { alpha: 0.3 }],
  ["elu", { alpha: 1.7 }],
  ["elu", { alpha: 0.4 }],
  ["gelu", {}],
  ["silu", {}],
  ["softplus", {}],
  ["tanh", {}],
  ["sigmoid", {}],
] as const;
const kinkSpec = {
  name: "kinks",
  dtype: "f64",
  maxBatch: 9,
  inputs: { x: [3] },
  targets: { y: [2] },
  nodes: {
    ...Object.fromEntries(KINKED.map(([activation, alpha], i) => [`a${i}`, { type: "dense", input: "x", units: 10, activation, ...alpha }])),
    sum: { type: "add", inputs: KINKED.map((_, i) => `a${i}`) },
    out: { type: "dense", input: "sum", units: 2 },
  },
  output: "out",
  loss: { type: "mse" },
  optimizer: { type: "sgd", lr: 0.1 },
};

describe("fused activations at and around their kink (f64)", () => {
  // Compiled inside each test, not while collecting: mutation testing attributes the compiler code
  // each test runs to that test (compiling takes milliseconds).
  const setUp = async (xScale: number) => {
    const fused = await build(kinkSpec, true);
    const unfused = await build(kinkSpec, false);
    const a = new fused.Model({ seed: 5 });
    const next = rng(4);
    for (const p of fused.layout.params) {
      if (p.name.endsWith("bias")) for (let i = 0; i < p.length; i++) a.params[p.offset + i] = p.name.startsWith("out") ? 0.3 : 0;
    }
    const batch = 9;
    const x = Float64Array.from({ length: batch * 3 }, () => xScale * (2 * next() - 1));
    const y = Float64Array.from({ length: batch * 2 }, () => 2 * next() - 1);
    return { a, x, y, batch, fused, unfused };
  };

  it("at the kink (x = 0, zero biases): the slope from below, fused = unfused", async () => {
    const { a, x, y, batch, fused, unfused } = await setUp(0);
    const lossOf = () => a.loss(x, y, batch);
    const loss = lossOf();
    a.backward();
    const analytic = Array.from(a.grads);
    const b = new unfused.Model({ seed: 5 });
    b.params.set(a.params);
    b.loss(x, y, batch);
    b.backward();
    // Reordered sums only (see above): 1e-12 of the gradients' scale.
    const gScale = Math.max(...analytic.map(Math.abs));
    b.grads.forEach((g, i) => expect(Math.abs(g - analytic[i]), `unfused grads[${i}]`).toBeLessThanOrEqual(1e-12 * gScale));
    for (const t of fused.layout.params) {
      const idx = Array.from({ length: t.length }, (_, k) => t.offset + k);
      const numeric = idx.map((i) => fromBelow(a.params, i, lossOf));
      const scale = scaleOf(numeric, loss);
      idx.forEach((i, k) => expect(scaledError(analytic[i], numeric[k], scale), `${t.name}[${i - t.offset}]`).toBeLessThan(FD_TOLERANCE));
    }
  });

  it("around the kink (|x| ≤ 1e-3): central differences", async () => {
    const { a, x, y, batch, fused } = await setUp(1e-3);
    const fd = checkGradients(a, () => a.loss(x, y, batch), fused.layout.params, undefined, [10]);
    expect(fd.worst, `worst at parameter ${fd.worstIndex}`).toBeLessThan(FD_TOLERANCE);
  });
});
