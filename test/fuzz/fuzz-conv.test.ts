// Property-based fuzzing of random convolutional networks (test/support/conv-arbitrary.ts: conv2d,
// conv1d, depthwiseConv2d, batchNormalization in training mode, the pooling layers, flatten or a
// global pooling, dense, mse or softmaxCrossEntropy, on small images) through run-fuzz.ts: each case compiles in float64 and passes every check of
// check-case.ts (IR round trip, deterministic phases, final allocation-free module, TensorFlow.js on
// loss and output, every parameter of a small network against central finite differences).
// `npm test` runs 6 cases (~23 s on 2 shared cores, most of it the one batched type-check) with a
// fixed seed that reaches every feature of convAllFeatures within those 6 (run-fuzz.ts fails if a
// generator change leaves one out); `npm run fuzz -- --graphs conv` runs 1,000 from a fresh seed.
import { convAllFeatures, convCaseFeatures, convFuzzCase } from "../support/conv-arbitrary.ts";
import { fuzzSuite } from "./run-fuzz.ts";

fuzzSuite({
  title: "fuzz: random convolutional networks",
  graphs: "conv",
  arbitrary: convFuzzCase,
  budget: 6,
  seed: 20_261_621,
  features: convCaseFeatures,
  allFeatures: convAllFeatures,
});
