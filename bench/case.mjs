// One benchmark process:
//   node --expose-gc bench/case.mjs <impl> <workload> <train|infer> <tapeless module .mjs> [timed ms]
// impl: tapeless | tapeless-wasm (the WebAssembly target's module, <module>.wasm.mjs) | reference | tfjs-cpu | tfjs-wasm | onnxruntime-web, or `pair`: tapeless and the
// reference in this one process, their timed samples interleaved. Each implementation runs one step to report the
// first loss (or output value) for the cross-check and warms up; then samples of several steps
// each are timed and the garbage collections during the timed phase counted. Prints one JSON line.
//
// Why the pair: this machine's CPU has slow phases lasting seconds (an FP-heavy loop ~1.5× slower,
// switching mid-process, hitting every implementation alike). Two processes timed one after the
// other can land in different phases; a tapeless sample and the reference sample next to it land in
// the same one. So in a pair, sample s of each runs back to back (tapeless first when s is even,
// the reference first when odd) and each pair gives a ratio, reference ms / tapeless ms. Both are
// allocation-free plain JS, so neither leaves garbage for the other; TensorFlow.js allocates and
// keeps a process of its own.
import { PerformanceObserver } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { WORKLOADS, makeData } from "./workloads.mjs";
import { ReferenceMLP } from "./reference/mlp.js";
import { ReferenceCNN } from "./reference/cnn.js";

const [impl, name, mode, modulePath, timedArg] = process.argv.slice(2);
const timedMs = Number(timedArg ?? 1000);
const w = WORKLOADS.find((x) => x.name === name);
if (!w) throw new Error(`unknown workload ${name}`);
const { x, y } = makeData(w);
const batch = w.batch;
const names = impl === "pair" ? ["tapeless", "reference"] : [impl];

// The tapeless module's seeded weights are everyone's starting point.
const { Model } = await import(pathToFileURL(modulePath).href);
const model = new Model({ seed: 1 });
model.lr = w.lr;
const initial = Float32Array.from(model.params);

// Start and end of the last timed loop, written by the timers (no allocation while timing).
const clock = new Float64Array(2);
// The timing loop, one copy of the text per implementation: closures made from one function
// literal share their type feedback and optimized code, so one loop calling both implementations'
// `run` would make a polymorphic call where a process of its own makes a monomorphic one.
const TIMERS = [
  (run) => (steps) => {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) run();
    clock[0] = t0;
    clock[1] = performance.now();
    return clock[1] - t0;
  },
  (run) => (steps) => {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) run();
    clock[0] = t0;
    clock[1] = performance.now();
    return clock[1] - t0;
  },
];
// An implementation whose step returns a promise (onnxruntime-web's session.run): each awaited.
const ASYNC_TIMER = (run) => async (steps) => {
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await run();
  clock[0] = t0;
  clock[1] = performance.now();
  return clock[1] - t0;
};

// Results go to a Float64Array, in closures with a block body: a double handed back to a closure
// that drops it (or wraps the call in \`void\`) is boxed, one heap number per call, unless the
// callee is inlined; stored here, it is not (measured: 0 GCs instead of several per second).
const sink = new Float64Array(1);
/** run: one training step or one inference; first: the check value. */
async function subject(impl) {
  if (impl === "tapeless-wasm") {
    // The WebAssembly target's module of the same spec: the same seeded weights (checked), its own instance.
    const wasm = await import(pathToFileURL(modulePath.replace(/\.mjs$/, ".wasm.mjs")).href);
    const m = new wasm.Model({ seed: 1 });
    m.lr = w.lr;
    if (m.params.some((v, i) => v !== initial[i])) throw new Error("tapeless-wasm: its seeded weights differ from the JavaScript target's");
    const run = mode === "train" ? () => { sink[0] = m.trainStep(x, y, batch); } : () => { m.forward(x, batch); };
    const first = mode === "train" ? () => m.trainStep(x, y, batch) : () => m.forward(x, batch)[0];
    if (mode === "infer") await sameOutput(() => Float32Array.from(m.forward(x, batch)));
    return { run, first, backend: "" };
  }
  if (impl === "tapeless") {
    const run = mode === "train" ? () => { sink[0] = model.trainStep(x, y, batch); } : () => { model.forward(x, batch); };
    const first = mode === "train" ? () => model.trainStep(x, y, batch) : () => model.forward(x, batch)[0];
    return { run, first, backend: "" };
  }
  if (impl === "reference") {
    const ref = w.layers
      ? new ReferenceCNN({ input: w.input, layers: w.layers, maxBatch: batch, lr: w.lr })
      : new ReferenceMLP({ sizes: w.sizes, activations: w.activations, loss: w.loss, maxBatch: batch, lr: w.lr });
    ref.params.set(initial);
    const run = mode === "train" ? () => { sink[0] = ref.trainStep(x, y, batch); } : () => { ref.forward(x, batch); };
    const first = mode === "train" ? () => ref.trainStep(x, y, batch) : () => ref.forward(x, batch)[0];
    return { run, first, backend: "" };
  }
  if (impl === "tfjs-cpu" || impl === "tfjs-wasm") {
    const { makeTf } = await import("./tf-impl.mjs");
    const tf = await makeTf(impl.slice(5), w, initial, { x, y });
    const run = mode === "train" ? () => { sink[0] = tf.step(); } : () => { sink[0] = tf.infer(); };
    const first = mode === "train" ? () => tf.step() : () => tf.infer();
    return { run, first, backend: tf.name };
  }
  if (impl === "onnxruntime-web") {
    if (mode === "train") {
      const first = () => { throw new Error("onnxruntime-web 1.30 has no training API (inference sessions only)"); };
      return { run: first, first, backend: "" };
    }
    const { makeOrt } = await import("./ort-impl.mjs");
    const ort = await makeOrt(w, initial, x);
    await sameOutput(ort.output);
    return { run: async () => { sink[0] = await ort.infer(); }, first: () => ort.infer(), backend: ort.name, async: true };
  }
  throw new Error(`unknown implementation ${impl}`);
}

/** Every output value (not only the first, the table's check) must agree with tapeless's forward. */
async function sameOutput(output) {
  const theirs = await output();
  const ours = model.forward(x, batch);
  let worst = 0;
  for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(theirs[i] - ours[i]) / Math.max(1e-6, Math.abs(ours[i])));
  if (theirs.length !== batch * w.sizes[w.sizes.length - 1] || !(worst < 1e-3)) {
    throw new Error(`${impl} ${name}: output differs from tapeless's forward (${theirs.length} values, relative difference ${worst.toExponential(1)})`);
  }
}

// Warm-up, in doubling chunks: at least 50 steps and 1.5 s, so that every function has been
// optimized with complete type feedback (a big kernel is first compiled on-stack while its
// epilogue has not run yet, and deoptimizes once when it does); at most 8 s for slow cases.
// Tier-up keeps allocating on the JS heap for a while after the last optimization (measured on
// mnist: ~130 KB in the next 500 steps, falling to nothing by 2,000); with 0.5 s of warm-up
// that showed as an occasional minor GC in the timed phase, for every implementation alike. Slow
// steps need the step count too: the reference still allocated ~50 KB per wide training step
// between steps 30 and 60 (its kernels serve every layer shape, so they tier up more than once).
// Returns the mean ms per step.
async function warmUp(time) {
  let warmSteps = 0;
  let warmMs = 0;
  for (let chunk = 1; (warmMs < 1500 || warmSteps < 50) && !(warmMs > 8000 && warmSteps >= 2); chunk *= 2) {
    const soFar = warmSteps > 0 ? warmMs / warmSteps : 0;
    const steps = soFar > 0 ? Math.max(1, Math.min(chunk, Math.ceil((8000 - warmMs) / soFar))) : 1;
    warmMs += await time(steps);
    warmSteps += steps;
  }
  return warmMs / warmSteps;
}

// Each implementation: its check value, then its warm-up (one after the other: the first stays
// warm, nothing it runs is shared with the second).
const subjects = [];
for (const [k, impl] of names.entries()) {
  const s = await subject(impl);
  let check;
  try {
    check = await s.first();
  } catch (error) {
    // A peer that cannot run this case (TensorFlow.js wasm has no kernel for a convolution's
    // filter gradient, onnxruntime-web does not train) says so in the table instead of failing the run.
    if (impl === "tapeless" || impl === "reference") throw error;
    console.log(JSON.stringify({ workload: name, mode, results: [], unsupported: { impl, reason: String(error?.message ?? error).split("\n")[0] } }));
    process.exit(0);
  }
  const time = s.async ? ASYNC_TIMER(s.run) : TIMERS[k](s.run);
  subjects.push({ impl, time, async: s.async, check, backend: s.backend, perStep: await warmUp(time) });
}
// Samples of ≥ 20 ms each (one step when a step is slower), for about `timedMs` in all (per
// implementation; in a pair, the slower sample sets the count).
const inners = subjects.map((s) => Math.max(1, Math.round(20 / s.perStep)));
const sampleMs = Math.max(...subjects.map((s, k) => inners[k] * s.perStep));
const samples = Math.max(3, Math.min(25, Math.round(timedMs / sampleMs)));
const times = subjects.map(() => new Float64Array(samples)); // ms per step
const windows = subjects.map(() => new Float64Array(2 * samples)); // start, end of each sample
// A full collection, then a few untimed samples of each, then a minor collection. A full
// collection may flush the bytecode of functions that have not run for a while (in a pair, the
// first implementation's helpers while the second warmed up: mnist's step(), inlined into
// trainStep) and the interpreter that runs them again boxes doubles: a few MB, minor GCs in the first
// timed samples. The untimed samples re-optimize them; the minor collection (which flushes
// nothing) empties the young generation before timing starts.
globalThis.gc?.();
for (let s = 0; s < 4; s++) for (const [k, subject] of subjects.entries()) await subject.time(inners[k]);
globalThis.gc?.({ type: "minor" });

const gcStarts = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
});
observer.observe({ entryTypes: ["gc"] });
for (let s = 0; s < samples; s++) {
  for (let j = 0; j < subjects.length; j++) {
    const k = (s + j) % subjects.length; // in a pair, alternate which goes first
    // (a synchronous implementation's sample is not awaited: no promise between its samples)
    times[k][s] = (subjects[k].async ? await subjects[k].time(inners[k]) : subjects[k].time(inners[k])) / inners[k];
    windows[k][2 * s] = clock[0];
    windows[k][2 * s + 1] = clock[1];
  }
}
await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries arrive asynchronously
observer.disconnect();

// A GC that starts inside an implementation's sample is that implementation's; one that starts
// between samples is counted for every implementation (conservative: it may be either's).
const gcs = subjects.map(() => 0);
for (const t of gcStarts) {
  const owner = windows.findIndex((win) => {
    for (let s = 0; s < samples; s++) if (win[2 * s] <= t && t < win[2 * s + 1]) return true;
    return false;
  });
  if (owner >= 0) gcs[owner]++;
  else for (let k = 0; k < gcs.length; k++) gcs[k]++;
}

const medianOf = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const results = subjects.map((s, k) => ({
  impl: s.impl,
  ms: medianOf(times[k]),
  times: [...times[k]],
  samples,
  inner: inners[k],
  gcs: gcs[k],
  check: s.check,
  backend: s.backend,
}));
// The pair's ratios, one per pair of adjacent samples: reference ms / tapeless ms.
const ratios = impl === "pair" ? [...times[1]].map((ref, s) => ref / times[0][s]) : undefined;
console.log(JSON.stringify({ workload: name, mode, results, ratios }));
