// Two linear layers of one input, summed: ∂L/∂a.bias = ∂L/∂b.bias (the column sums of ∂L/∂sum) and
// ∂L/∂a.kernel = ∂L/∂b.kernel, each computed once: a's gradient buffers hold them, b's get copies
// (the plan's "copied into grads of" lines). Pinned in the plan report, checked in the fusion tests.
export const SHARED_GRADIENTS_SPEC = {
  name: "shared",
  inputs: { x: [3] },
  targets: { y: [4] },
  nodes: { a: { type: "dense", units: 4, input: "x" }, b: { type: "dense", units: 4, input: "x" }, sum: { type: "add", inputs: ["a", "b"] } },
  output: "sum",
  loss: { type: "mse" },
};
