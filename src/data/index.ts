// tapeless/data: optional run-time helpers for training generated models — seeded shuffling,
// batching into preallocated buffers, accuracy, one-hot targets, an epoch progress bar and a
// training run's picture (loss and accuracy per epoch as an SVG chart or an HTML page).
export { seededRandom, shuffleInPlace } from "./random.ts";
export { Batches, type Dataset } from "./batches.ts";
export { argmax, confusionMatrix, countCorrect, formatConfusion, oneHot } from "./metrics.ts";
export { TrainingHistory, type EpochRecord, type EpochValues } from "./history.ts";
export { epochProgress, type Progress, type ProgressStream, type ProgressValues } from "./progress.ts";
