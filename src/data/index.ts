// tapeless/data: optional run-time helpers for training generated models — seeded shuffling,
// batching into preallocated buffers, accuracy, one-hot targets and an epoch progress bar.
export { seededRandom, shuffleInPlace } from "./random.ts";
export { Batches, type Dataset } from "./batches.ts";
export { argmax, countCorrect, oneHot } from "./metrics.ts";
export { epochProgress, type Progress, type ProgressStream, type ProgressValues } from "./progress.ts";
