// The benchmark's workloads, float32, as a tapeless spec and as the layer list the reference and
// TensorFlow.js build from. Every implementation starts from the same weights (the tapeless
// module's seeded initialization, copied) and sees the same seeded data.

const dense = (units, activation) => ({ type: "dense", units, ...(activation ? { activation } : {}) });

function workload(name, sizes, activations, loss, batch, lr) {
  return {
    name,
    batch,
    sizes,
    activations,
    loss,
    lr,
    spec: {
      name,
      dtype: "f32",
      maxBatch: batch,
      seed: 1,
      inputs: { x: [sizes[0]] },
      targets: { y: [sizes[sizes.length - 1]] },
      layers: sizes.slice(1).map((units, l) => dense(units, activations[l] === "identity" ? undefined : activations[l])),
      loss: { type: loss },
      optimizer: { type: "sgd", lr },
    },
  };
}

/**
 * A convolutional workload: an input [H, W, C] through `layers` (tapeless spec layers: conv2d,
 * maxPooling2d, flatten, a last dense layer of `classes` units), softmax cross-entropy, sgd.
 * `sizes` is [input size, classes], as the data and the MLP-shaped code read it.
 */
function cnn(name, input, layers, batch, lr) {
  const classes = layers[layers.length - 1].units;
  const spec = { name, dtype: "f32", maxBatch: batch, seed: 1, inputs: { x: input }, targets: { y: [classes] }, layers, loss: { type: "softmaxCrossEntropy" }, optimizer: { type: "sgd", lr } };
  return { name, batch, sizes: [input.reduce((a, b) => a * b, 1), classes], input, layers, loss: "softmaxCrossEntropy", lr, spec };
}
const conv = (filters, extra = {}) => ({ type: "conv2d", filters, kernelSize: 3, padding: "same", activation: "relu", ...extra });

export const WORKLOADS = [
  workload("xor", [2, 8, 1], ["tanh", "sigmoid"], "mse", 4, 0.1),
  workload("digits", [64, 32, 10], ["relu", "identity"], "softmaxCrossEntropy", 32, 0.01),
  workload("mnist", [784, 128, 10], ["relu", "identity"], "softmaxCrossEntropy", 64, 0.01),
  workload("wide", [784, 512, 512, 10], ["relu", "relu", "identity"], "softmaxCrossEntropy", 128, 0.01),
  cnn("lenet", [28, 28, 1], [conv(16), { type: "maxPooling2d", poolSize: 2 }, conv(32), { type: "maxPooling2d", poolSize: 2 }, { type: "flatten" }, dense(10)], 32, 0.01),
];

/** An MLP spec of `depth` hidden layers (the compile-time sweep). */
export function deepSpec(depth, width = 64) {
  const sizes = [width, ...Array.from({ length: depth }, () => width), 10];
  const activations = [...Array.from({ length: depth }, () => "relu"), "identity"];
  return workload(`deep${depth}`, sizes, activations, "softmaxCrossEntropy", 32, 0.01).spec;
}

/** Seeded inputs in [0, 1) and targets: the XOR truth table, or one-hot rows. */
export function makeData(w) {
  let s = 12345;
  const next = () => ((s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
  const [inDim, outDim] = [w.sizes[0], w.sizes[w.sizes.length - 1]];
  const x = new Float32Array(w.batch * inDim);
  const y = new Float32Array(w.batch * outDim);
  if (w.name === "xor") {
    x.set([0, 0, 0, 1, 1, 0, 1, 1]);
    y.set([0, 1, 1, 0]);
    return { x, y };
  }
  for (let i = 0; i < x.length; i++) x[i] = next();
  for (let r = 0; r < w.batch; r++) y[r * outDim + Math.floor(next() * outDim)] = 1;
  return { x, y };
}
