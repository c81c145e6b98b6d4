// The hand-written reference convolutional network for the benchmark: conv2d (relu or none),
// maxPooling2d, flatten and a final dense layer, a softmax cross-entropy head, plain SGD,
// allocation-free after construction. Same contract and parameter layout as a tapeless module
// (per layer: kernel then bias), so both start from identical weights.
import { IDENTITY, RELU, gemmNN, gemmNT, gemmTN, softmax, softmaxCrossEntropy, sumRows } from "./kernels.js";
import { conv2d, conv2dBackward, geometry, maxPool, maxPoolBackward } from "./conv.js";

export class ReferenceCNN {
  /**
   * @param {{ input: number[], layers: object[], maxBatch: number, lr: number }} config  layers:
   *   { type: "conv2d", filters, kernelSize, strides?, padding?, activation? } | { type: "maxPooling2d",
   *   poolSize?, strides? } | { type: "flatten" } | { type: "dense", units } (last, no activation)
   */
  constructor(config) {
    const { input, layers, maxBatch, lr } = config;
    this.lr = lr;
    let [H, W, C] = input;
    let count = 0;
    this.steps = [];
    for (const l of layers) {
      if (l.type === "flatten") continue;
      const step = { type: l.type, C, inSize: H * W * C };
      if (l.type === "conv2d") {
        const s = l.strides ?? 1;
        Object.assign(step, { F: l.filters, g: geometry(H, W, l.kernelSize, l.kernelSize, s, s, l.padding ?? "valid"), relu: l.activation === "relu" });
        step.kernelAt = count;
        count += l.kernelSize * l.kernelSize * C * l.filters;
        step.biasAt = count;
        count += l.filters;
        [H, W, C] = [step.g.OH, step.g.OW, l.filters];
      } else if (l.type === "maxPooling2d") {
        const k = l.poolSize ?? 2;
        const s = l.strides ?? k;
        step.g = geometry(H, W, k, k, s, s, l.padding ?? "valid");
        [H, W] = [step.g.OH, step.g.OW];
      } else {
        Object.assign(step, { K: H * W * C, N: l.units, kernelAt: count });
        count += H * W * C * l.units;
        step.biasAt = count;
        count += l.units;
        [H, W, C] = [1, 1, l.units];
      }
      step.outSize = H * W * C;
      this.steps.push(step);
    }
    this.params = new Float32Array(count);
    this.grads = new Float32Array(count);
    for (const s of this.steps) {
      const size = s.type === "conv2d" ? s.biasAt - s.kernelAt : s.type === "dense" ? s.K * s.N : 0;
      if (size) {
        const bias = s.type === "conv2d" ? s.F : s.N;
        [s.kernel, s.gKernel] = [this.params, this.grads].map((a) => a.subarray(s.kernelAt, s.kernelAt + size));
        [s.bias, s.gBias] = [this.params, this.grads].map((a) => a.subarray(s.biasAt, s.biasAt + bias));
      }
      s.out = new Float32Array(maxBatch * s.outSize);
      s.delta = new Float32Array(maxBatch * s.outSize);
      if (s.type === "maxPooling2d") s.arg = new Int32Array(maxBatch * s.outSize);
    }
    this.classes = this.steps[this.steps.length - 1].outSize;
    this.probs = new Float32Array(maxBatch * this.classes);
    this.lossOut = new Float64Array(1);
  }

  /** The logits of `batch` samples, in the last step's `out`. */
  run(x, batch) {
    let input = x;
    for (const s of this.steps) {
      if (s.type === "conv2d") conv2d(input, s.kernel, s.bias, s.out, batch, s.C, s.F, s.g, s.relu);
      else if (s.type === "maxPooling2d") maxPool(input, s.out, s.arg, batch, s.C, s.g);
      else gemmNN(input, s.kernel, s.bias, s.out, batch, s.K, s.N, IDENTITY);
      input = s.out;
    }
  }

  forward(x, batch) {
    this.run(x, batch);
    softmax(this.steps[this.steps.length - 1].out, this.probs, batch, this.classes);
    return this.probs;
  }

  /** One training step; returns the loss (small, so that callers inline it: no boxed double). */
  trainStep(x, y, batch) {
    this.train(x, y, batch);
    return this.lossOut[0];
  }

  /** Loss and ∂loss/∂logits in one pass; then each step's backward, last to first; then SGD. */
  train(x, y, batch) {
    this.run(x, batch);
    const steps = this.steps;
    const last = steps[steps.length - 1];
    this.lossOut[0] = softmaxCrossEntropy(last.out, y, this.probs, last.delta, batch, this.classes);
    for (let l = steps.length - 1; l >= 0; l--) {
      const s = steps[l];
      const input = l === 0 ? x : steps[l - 1].out;
      const dIn = l === 0 ? null : steps[l - 1].delta;
      // (a relu before this step: its derivative applied where this step's input gradient is written)
      const reluBefore = l > 0 && steps[l - 1].relu === true;
      if (s.type === "dense") {
        sumRows(s.delta, s.gBias, batch, s.N);
        gemmTN(input, s.delta, s.gKernel, s.K, batch, s.N);
        if (dIn) gemmNT(s.delta, s.kernel, dIn, batch, s.N, s.K, input, reluBefore ? RELU : IDENTITY);
      } else if (s.type === "maxPooling2d") {
        maxPoolBackward(input, s.delta, s.arg, dIn, batch * s.outSize, reluBefore);
      } else {
        conv2dBackward(input, s.kernel, s.delta, s.gKernel, s.gBias, dIn, batch, s.C, s.F, s.g);
        if (dIn && reluBefore) for (let i = 0, n = batch * s.inSize; i < n; i++) if (!(input[i] > 0)) dIn[i] = 0;
      }
    }
    const params = this.params;
    const grads = this.grads;
    const lr = this.lr;
    for (let i = 0; i < params.length; i++) params[i] -= lr * grads[i];
  }
}
