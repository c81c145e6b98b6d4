// Graph form with fan-out and a residual connection: h1 feeds both h2 and the sum, so its
// gradient is the sum of two paths.
import { add, dense, graph, mse, sgd } from "tapeless";

export default graph({
  name: "residual",
  dtype: "f64",
  maxBatch: 8,
  inputs: { x: [16] },
  targets: { y: [1] },
  nodes: {
    h1: dense(32, { input: "x", activation: "tanh" }),
    h2: dense(32, { input: "h1", activation: "tanh" }),
    sum: add("h1", "h2"),
    out: dense(1, { input: "sum" }),
  },
  output: "out",
  loss: mse(),
  optimizer: sgd(0.05),
});
