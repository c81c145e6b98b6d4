// One benchmark case in its own process:
//   node --expose-gc bench/case.mjs <impl> <workload> <train|infer> <tapeless module .mjs> [timed ms]
// impl: tapeless | reference | tfjs-cpu | tfjs-wasm. Runs one step to report the first loss (or
// output value) for the cross-check, warms up, then times samples of several steps each and
// counts garbage collections during the timed phase. Prints one JSON line.
import { PerformanceObserver } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { WORKLOADS, makeData } from "./workloads.mjs";
import { ReferenceMLP } from "./reference/mlp.js";

const [impl, name, mode, modulePath, timedArg] = process.argv.slice(2);
const timedMs = Number(timedArg ?? 1000);
const w = WORKLOADS.find((x) => x.name === name);
if (!w) throw new Error(`unknown workload ${name}`);
const { x, y } = makeData(w);
const batch = w.batch;

// The tapeless module's seeded weights are everyone's starting point.
const { Model } = await import(pathToFileURL(modulePath).href);
const model = new Model({ seed: 1 });
model.lr = w.lr;
const initial = Float32Array.from(model.params);

// Results go to a Float64Array, in closures with a block body: a double handed back to a closure
// that drops it (or wraps the call in \`void\`) is boxed, one heap number per call, unless the
// callee is inlined; stored here, it is not (measured: 0 GCs instead of several per second).
const sink = new Float64Array(1);
let run; // () => void, one training step or one inference
let first; // () => number, the check value
let backend = "";
if (impl === "tapeless") {
  run = mode === "train" ? () => { sink[0] = model.trainStep(x, y, batch); } : () => { model.forward(x, batch); };
  first = mode === "train" ? () => model.trainStep(x, y, batch) : () => model.forward(x, batch)[0];
} else if (impl === "reference") {
  const ref = new ReferenceMLP({ sizes: w.sizes, activations: w.activations, loss: w.loss, maxBatch: batch, lr: w.lr });
  ref.params.set(initial);
  run = mode === "train" ? () => { sink[0] = ref.trainStep(x, y, batch); } : () => { ref.forward(x, batch); };
  first = mode === "train" ? () => ref.trainStep(x, y, batch) : () => ref.forward(x, batch)[0];
} else if (impl === "tfjs-cpu" || impl === "tfjs-wasm") {
  const { makeTf } = await import("./tf-impl.mjs");
  const tf = await makeTf(impl.slice(5), w, initial, { x, y });
  backend = tf.name;
  run = mode === "train" ? () => { sink[0] = tf.step(); } : () => { sink[0] = tf.infer(); };
  first = mode === "train" ? () => tf.step() : () => tf.infer();
} else throw new Error(`unknown implementation ${impl}`);

const check = first();

function time(steps) {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) run();
  return performance.now() - t0;
}

// Warm-up, in doubling chunks: at least 50 steps and 1.5 s, so that every function has been
// optimized with complete type feedback (a big kernel is first compiled on-stack while its
// epilogue has not run yet, and deoptimizes once when it does); at most 8 s for slow cases.
// Tier-up keeps allocating on the JS heap for a while after the last optimization (measured on
// mnist: ~130 KB in the next 500 steps, falling to nothing by 2,000); with 0.5 s of warm-up
// that showed as an occasional minor GC in the timed phase, for every implementation alike. Slow
// steps need the step count too: the reference still allocated ~50 KB per wide training step
// between steps 30 and 60 (its kernels serve every layer shape, so they tier up more than once).
let warmSteps = 0;
let warmMs = 0;
for (let chunk = 1; (warmMs < 1500 || warmSteps < 50) && !(warmMs > 8000 && warmSteps >= 2); chunk *= 2) {
  const soFar = warmSteps > 0 ? warmMs / warmSteps : 0;
  const steps = soFar > 0 ? Math.max(1, Math.min(chunk, Math.ceil((8000 - warmMs) / soFar))) : 1;
  warmMs += time(steps);
  warmSteps += steps;
}
const perStep = warmMs / warmSteps;
// Samples of ≥ 20 ms each (one step when a step is slower), for about `timedMs` in all.
const inner = Math.max(1, Math.round(20 / perStep));
const samples = Math.max(3, Math.min(25, Math.round(timedMs / (inner * perStep))));
globalThis.gc?.();

let gcs = 0;
const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
observer.observe({ entryTypes: ["gc"] });
const times = [];
for (let s = 0; s < samples; s++) times.push(time(inner) / inner);
await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries arrive asynchronously
observer.disconnect();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(JSON.stringify({ impl, workload: name, mode, ms: median, samples, inner, gcs, check, backend }));
