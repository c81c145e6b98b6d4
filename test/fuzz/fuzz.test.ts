// Property-based fuzzing of MLP-shaped specs (test/support/arbitraries.ts: sequential and graph form,
// every activation, loss and optimizer, f32 and f64, hostile names) through run-fuzz.ts.
// `npm test` runs 48 cases with a fixed seed, which reach every feature of caseFeatures (each loss,
// optimizer and activation in both dtypes and forms, hostile names, `add`, ...; with this seed all
// are reached within 39 cases, and run-fuzz.ts fails if a generator change leaves one out);
// `npm run fuzz` runs 1,000 cases (or `-- --graphs mlp --runs N`) from a fresh seed. The N-D graphs
// have their own file, fuzz-nd.test.ts.
import { allFeatures, caseFeatures, fuzzCase } from "../support/arbitraries.ts";
import { fuzzSuite } from "./run-fuzz.ts";

fuzzSuite({
  title: "fuzz: random valid specs",
  graphs: "mlp",
  arbitrary: fuzzCase,
  budget: 48,
  seed: 20_250_742,
  features: caseFeatures,
  allFeatures,
});
