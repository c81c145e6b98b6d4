// Iris flowers: 4 measurements → 16 tanh units → 3 species, softmax cross-entropy, Adam.
import { adam, dense, sequential, softmaxCrossEntropy } from "tapeless";

export default sequential({
  name: "iris",
  maxBatch: 16,
  seed: 3,
  inputs: { measurements: [4] },
  targets: { species: [3] },
  layers: [dense(16, { activation: "tanh" }), dense(3)],
  loss: softmaxCrossEntropy(),
  optimizer: adam(0.01),
});
