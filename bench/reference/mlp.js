// The hand-written reference network for the benchmark: a dense MLP (any widths, relu / tanh /
// sigmoid hidden layers, a sigmoid + mse or softmax cross-entropy head) trained with plain SGD,
// allocation-free after construction. Same contract as a tapeless module: trainStep computes the
// loss, writes ∂loss/∂params into `grads`, then updates `params`; same parameter layout (per
// layer: kernel [in, out] then bias [out]) so both start from identical weights.
import { IDENTITY, RELU, SIGMOID, TANH, gemmNN, gemmNT, gemmTN, softmax, softmaxCrossEntropy, sumRows } from "./kernels.js";

const ACTIVATIONS = { identity: IDENTITY, relu: RELU, tanh: TANH, sigmoid: SIGMOID };

export class ReferenceMLP {
  /**
   * @param {{ sizes: number[], activations: string[], loss: "mse" | "softmaxCrossEntropy",
   *           maxBatch: number, lr: number }} config  activations: one per layer
   */
  constructor(config) {
    const { sizes, activations, loss, maxBatch, lr } = config;
    this.sizes = sizes;
    this.layers = sizes.length - 1;
    this.acts = activations.map((a) => ACTIVATIONS[a]);
    this.softmax = loss === "softmaxCrossEntropy";
    this.lr = lr;
    this.maxBatch = maxBatch;
    let count = 0;
    this.kernelAt = [];
    this.biasAt = [];
    for (let l = 0; l < this.layers; l++) {
      this.kernelAt.push(count);
      count += sizes[l] * sizes[l + 1];
      this.biasAt.push(count);
      count += sizes[l + 1];
    }
    this.params = new Float32Array(count);
    this.grads = new Float32Array(count);
    // Views, made once: kernels, biases and their gradients; activations and their gradients.
    this.kernel = [];
    this.bias = [];
    this.gKernel = [];
    this.gBias = [];
    this.out = [];
    this.delta = [];
    for (let l = 0; l < this.layers; l++) {
      const inDim = sizes[l];
      const outDim = sizes[l + 1];
      this.kernel.push(this.params.subarray(this.kernelAt[l], this.kernelAt[l] + inDim * outDim));
      this.bias.push(this.params.subarray(this.biasAt[l], this.biasAt[l] + outDim));
      this.gKernel.push(this.grads.subarray(this.kernelAt[l], this.kernelAt[l] + inDim * outDim));
      this.gBias.push(this.grads.subarray(this.biasAt[l], this.biasAt[l] + outDim));
      this.out.push(new Float32Array(maxBatch * outDim));
      this.delta.push(new Float32Array(maxBatch * outDim));
    }
    this.probs = new Float32Array(maxBatch * sizes[this.layers]);
    this.lossOut = new Float64Array(1);
  }

  /** Logits (or the last activation) for `batch` rows; the output is `probs` (softmax) or that. */
  run(x, batch) {
    let input = x;
    for (let l = 0; l < this.layers; l++) {
      gemmNN(input, this.kernel[l], this.bias[l], this.out[l], batch, this.sizes[l], this.sizes[l + 1], this.acts[l]);
      input = this.out[l];
    }
  }

  forward(x, batch) {
    this.run(x, batch);
    const z = this.out[this.layers - 1];
    if (!this.softmax) return z;
    softmax(z, this.probs, batch, this.sizes[this.layers]);
    return this.probs;
  }

  /** One training step; returns the loss (small, so that callers inline it: no boxed double). */
  trainStep(x, y, batch) {
    this.train(x, y, batch);
    return this.lossOut[0];
  }

  /** Loss and ∂loss/∂(last pre-activation) in one pass; then backward; then SGD. */
  train(x, y, batch) {
    this.run(x, batch);
    const L = this.layers - 1;
    const z = this.out[L];
    const d = this.delta[L];
    const cols = this.sizes[this.layers];
    let loss = 0;
    if (this.softmax) {
      loss = softmaxCrossEntropy(z, y, this.probs, d, batch, cols);
    } else {
      // mean squared error on the output activation, through its derivative
      const n = batch * cols;
      const scale = 2 / n;
      const act = this.acts[L];
      for (let i = 0; i < n; i++) {
        const s = z[i];
        const e = s - y[i];
        loss += e * e;
        const g = scale * e;
        d[i] = act === SIGMOID ? g * s * (1 - s) : act === TANH ? g * (1 - s * s) : act === RELU ? (s > 0 ? g : 0) : g;
      }
      loss /= n;
    }
    for (let l = L; l >= 0; l--) {
      const inDim = this.sizes[l];
      const outDim = this.sizes[l + 1];
      const input = l === 0 ? x : this.out[l - 1];
      sumRows(this.delta[l], this.gBias[l], batch, outDim);
      gemmTN(input, this.delta[l], this.gKernel[l], inDim, batch, outDim);
      if (l > 0) gemmNT(this.delta[l], this.kernel[l], this.delta[l - 1], batch, outDim, inDim, this.out[l - 1], this.acts[l - 1]);
    }
    const params = this.params;
    const grads = this.grads;
    const lr = this.lr;
    for (let i = 0; i < params.length; i++) params[i] -= lr * grads[i];
    this.lossOut[0] = loss;
  }
}
