// A character-level causal transformer over English first names: token and position embeddings,
// one pre-norm block (causal multi-head self-attention and a GELU MLP, each with a residual
// connection), a final layer normalization and the next-character logits at every position.
// examples/train-names.ts trains it (npm run demo:names) against a bigram baseline.
import { adam, graph } from "tapeless";

/** Context length: `.name.` for every name of the lists fits (13 letters at most + 2 boundaries). */
export const T = 16;
/** `.` (the name boundary) and a–z. */
export const VOCAB = 27;
const D = 48;
const HEADS = 4;

export default graph({
  name: "names",
  dtype: "f32",
  maxBatch: 32,
  seed: 1,
  inputs: {
    tokens: { shape: [T], dtype: "int32" },
    positions: { shape: [T], dtype: "int32" },
  },
  targets: { next: { shape: [T], dtype: "int32" } },
  nodes: {
    tokenEmbedding: { type: "embedding", input: "tokens", inputDim: VOCAB, outputDim: D },
    positionEmbedding: { type: "embedding", input: "positions", inputDim: T, outputDim: D },
    x0: { type: "add", inputs: ["tokenEmbedding", "positionEmbedding"] },
    norm1: { type: "layerNormalization", input: "x0" },
    attention: { type: "multiHeadAttention", input: "norm1", numHeads: HEADS, keyDim: D / HEADS, causal: true },
    x1: { type: "add", inputs: ["x0", "attention"] },
    norm2: { type: "layerNormalization", input: "x1" },
    mlpHidden: { type: "dense", input: "norm2", units: 4 * D, activation: "gelu" },
    mlpOut: { type: "dense", input: "mlpHidden", units: D },
    x2: { type: "add", inputs: ["x1", "mlpOut"] },
    normOut: { type: "layerNormalization", input: "x2" },
    logits: { type: "dense", input: "normOut", units: VOCAB },
  },
  output: "logits",
  loss: { type: "sparseSoftmaxCrossEntropy", target: "next" },
  optimizer: adam(0.003),
});
