// MNIST digits: 784 pixels → 128 relu units → 10 class logits, trained with softmax
// cross-entropy (the model output is the softmax) and Adam. examples/train-mnist.ts trains it.
import { adam, dense, sequential, softmaxCrossEntropy } from "tapeless";

export default sequential({
  name: "mnist",
  dtype: "f32",
  maxBatch: 64,
  seed: 1,
  inputs: { x: [784] },
  targets: { y: [10] },
  layers: [dense(128, { activation: "relu" }), dense(10)],
  loss: softmaxCrossEntropy(),
  optimizer: adam(0.001),
});
