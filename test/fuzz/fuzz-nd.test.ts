// Property-based fuzzing of random N-D graphs (test/support/nd-arbitrary.ts: movement ops, reductions,
// broadcasts, matmul with every transpose and batch axes, layerNormalization, embedding,
// multiHeadAttention, fan-out, every loss form) through run-fuzz.ts: each case compiles in float64,
// and its gradients are checked against central finite differences (and TensorFlow.js in float32).
// `npm test` runs 32 cases (~35 s on 2 shared cores) with a fixed seed that reaches every feature of
// ndAllFeatures; `npm run fuzz -- --graphs nd --runs N` runs more.
import { ndAllFeatures, ndCaseFeatures, ndFuzzCase } from "../support/nd-arbitrary.ts";
import { fuzzSuite } from "./run-fuzz.ts";

fuzzSuite({
  title: "fuzz: random N-D graphs",
  graphs: "nd",
  arbitrary: ndFuzzCase,
  budget: 32,
  seed: 20_260_106,
  features: ndCaseFeatures,
  allFeatures: ndAllFeatures,
});
