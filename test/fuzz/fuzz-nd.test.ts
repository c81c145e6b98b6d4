// Property-based fuzzing of random N-D graphs (test/support/nd-arbitrary.ts: movement ops, reductions,
// broadcasts, matmul with every transpose and batch axes, layerNormalization, embedding,
// multiHeadAttention, fan-out, every loss form) through run-fuzz.ts: each case compiles in float64,
// and its gradients are checked against central finite differences (and TensorFlow.js in float32).
// `npm test` runs 24 cases (~15 s on 2 shared cores) with a fixed seed that reaches every feature of
// ndAllFeatures within 16 cases (run-fuzz.ts fails if a generator change leaves one out);
// `npm run fuzz` runs 1,000 cases (or `-- --graphs nd --runs N`) from a fresh seed.
import { ndAllFeatures, ndCaseFeatures, ndFuzzCase } from "../support/nd-arbitrary.ts";
import { fuzzSuite } from "./run-fuzz.ts";

fuzzSuite({
  title: "fuzz: random N-D graphs",
  graphs: "nd",
  arbitrary: ndFuzzCase,
  budget: 24,
  seed: 20_260_244,
  features: ndCaseFeatures,
  allFeatures: ndAllFeatures,
});
