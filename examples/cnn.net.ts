// MNIST digits with a small convolutional network: two blocks of conv2d 3×3 (same) → batch
// normalization → relu → 2×2 max pooling, then a dense relu layer, dropout and a dense layer to 10 class logits,
// trained with softmax cross-entropy and Adam. examples/train-cnn.ts trains it (`npm run demo:cnn`).
// Batch normalization uses the batch's statistics while training and its moving ones in forward()
// (momentum 0.9: a few hundred steps make them the data's); dropout is active in trainStep() only.
import { adam, batchNormalization, conv2d, dense, dropout, flatten, maxPooling2d, relu, sequential, softmaxCrossEntropy } from "tapeless";

export default sequential({
  name: "cnn",
  dtype: "f32",
  maxBatch: 32,
  seed: 1,
  inputs: { image: [28, 28, 1] },
  targets: { label: [10] },
  layers: [
    conv2d(8, 3, { padding: "same", useBias: false, name: "conv1" }),
    batchNormalization({ name: "bn1", momentum: 0.9 }),
    relu(),
    maxPooling2d({ name: "pool1" }),
    conv2d(16, 3, { padding: "same", useBias: false, name: "conv2" }),
    batchNormalization({ name: "bn2", momentum: 0.9 }),
    relu(),
    maxPooling2d({ name: "pool2" }),
    flatten(),
    dense(64, { activation: "relu", name: "hidden" }),
    dropout(0.25),
    dense(10, { name: "logits" }),
  ],
  loss: softmaxCrossEntropy(),
  optimizer: adam(0.002),
});
