// A spec whose loss loop nests row reductions (4-plan/fuse-reduction.ts, rows): shared by the
// fusion tests (the plan) and the fused-gradient tests (the numbers).
/**
 * A loss loop over [n] whose per-sample value is built from reductions of [n, 4] rows (a mean of a
 * product with a tree, a sum; the max of each row, `top`, is read by its gradient, so stored):
 * the plan nests both in the loss loop (fusion.test.ts checks it;
 * fusion-gradients.test.ts the gradients).
 */
export const ROWS_SPEC = {
  name: "rows",
  dtype: "f64",
  maxBatch: 7,
  inputs: { x: [4, 5] },
  targets: { y: [4, 3] },
  nodes: {
    h: { type: "dense", units: 3, input: "x", activation: "tanh" },
    d: { type: "sub", inputs: ["h", "y"] },
    sq: { type: "square", input: "d" },
    m: { type: "mean", input: "sq", axes: [-1] },
    top: { type: "max", input: "h", axes: [-1] },
    r: { type: "mul", inputs: ["m", "top"] },
    meanR: { type: "mean", input: "r", axes: [0] },
    sumM: { type: "sum", input: "m", axes: [0] },
    perSample: { type: "add", inputs: ["meanR", "sumM"] },
  },
  output: "h",
  loss: { type: "custom", node: "perSample" },
  optimizer: { type: "sgd", lr: 0.1 },
};

