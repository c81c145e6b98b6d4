// Run in its own process: node --expose-gc --max-semi-space-size=1 gc-probe.mjs <model.mjs> <steps> <batch> [mode]
// Runs <steps> calls of a generated model and reports the garbage collections seen. Modes: train
// (trainStep), skip (trainStep on NaN inputs: every step is skipped by skipNonFinite), predict
// (predict of 2·maxBatch + 1 rows into a given array: three chunks, the last one short), evaluate
// (evaluate(): the loss in inference mode).
// The young generation is kept small (1 MiB): over 100,000 steps even one boxed double (16 bytes)
// per step fills it and shows up as a scavenge.
import { PerformanceObserver } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [modelFile, stepsArg, batchArg, mode = "train"] = process.argv.slice(2);
const { Model, layout } = await import(pathToFileURL(modelFile).href);
const Typed = layout.dtype === "f64" ? Float64Array : Float32Array;
const batch = Number(batchArg);
const steps = Number(stepsArg);
const size = (shape) => shape.reduce((a, d) => a * d, 1);
let seed = 1;
const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const data = [...layout.inputs, ...layout.targets].map((v) => Typed.from({ length: batch * size(v.shape) }, next));
if (mode === "skip") data[0].fill(NaN);
const rows = 2 * layout.maxBatch + 1;
const rowsData = layout.inputs.map((v) => Typed.from({ length: rows * size(v.shape) }, next));
const out = new Typed(rows * size(layout.outputs[0].shape));

const model = new Model({ seed: 1 });
model.lr = 1e-4;
// A call with spread arguments would allocate an array per call: bind them once instead; and the
// wrappers return nothing, so the loss (a double) is never boxed on its way out.
const [a, b, c] = data;
const [p, q] = rowsData;
const trainStep =
  mode === "evaluate"
    ? data.length === 2
      ? () => {
          model.evaluate(a, b, batch);
        }
      : () => {
          model.evaluate(a, b, c, batch);
        }
    : mode === "predict"
    ? rowsData.length === 1
      ? () => {
          model.predict(p, rows, out);
        }
      : () => {
          model.predict(p, q, rows, out);
        }
    : data.length === 2
      ? () => {
          model.trainStep(a, b, batch);
        }
      : () => {
          model.trainStep(a, b, c, batch);
        };
for (let i = 0; i < 3000; i++) trainStep(); // warm-up: let the JIT tier up (compilation allocates)
globalThis.gc();

let gcs = 0;
const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
observer.observe({ entryTypes: ["gc"] });
const heapBefore = process.memoryUsage().heapUsed;
for (let i = 0; i < steps; i++) trainStep();
const heapAfter = process.memoryUsage().heapUsed;
await new Promise((resolve) => setTimeout(resolve, 50)); // observer entries arrive asynchronously
observer.disconnect();
console.log(JSON.stringify({ steps, gcs, heapGrowth: heapAfter - heapBefore, skipped: model.skippedSteps }));
