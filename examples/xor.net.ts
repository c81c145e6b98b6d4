// XOR: the smallest network that needs a hidden layer. 2-8-1, tanh, sigmoid output, mse.
import { dense, mse, sequential, sgd } from "tapeless";

export default sequential({
  name: "xor",
  dtype: "f32",
  maxBatch: 4,
  seed: 7,
  inputs: { x: [2] },
  targets: { y: [1] },
  layers: [dense(8, { activation: "tanh" }), dense(1, { activation: "sigmoid" })],
  loss: mse(),
  optimizer: sgd(0.5),
});
