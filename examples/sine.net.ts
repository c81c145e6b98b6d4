// Regression: sin(x) on [−π, π] with a 1-32-32-1 tanh network, mean squared error, Adam.
import { adam, dense, mse, sequential } from "tapeless";

export default sequential({
  name: "sine",
  maxBatch: 32,
  seed: 5,
  inputs: { x: [1] },
  targets: { y: [1] },
  layers: [dense(32, { activation: "tanh" }), dense(32, { activation: "tanh" }), dense(1)],
  loss: mse(),
  optimizer: adam(0.003),
});
