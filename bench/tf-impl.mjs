// The TensorFlow.js implementations of the workloads (cpu or wasm backend): variables initialized
// from the tapeless weights, ops API, tf.train.sgd. `step()` returns the loss as a number and
// `infer()` the output's first value, so each call waits for its result like the others do.
import { createRequire } from "node:module";
import path from "node:path";

export async function makeTf(backend, w, params, data) {
  const tf = await import("@tensorflow/tfjs");
  if (backend === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
    wasm.setWasmPaths(dist + path.sep);
  }
  await tf.setBackend(backend);
  await tf.ready();
  const layers = [];
  let at = 0;
  for (let l = 0; l + 1 < w.sizes.length; l++) {
    const [inDim, outDim] = [w.sizes[l], w.sizes[l + 1]];
    const kernel = tf.variable(tf.tensor2d(params.slice(at, at + inDim * outDim), [inDim, outDim]));
    at += inDim * outDim;
    const bias = tf.variable(tf.tensor1d(params.slice(at, at + outDim)));
    at += outDim;
    layers.push({ kernel, bias, act: w.activations[l] });
  }
  const x = tf.tensor2d(data.x, [w.batch, w.sizes[0]]);
  const y = tf.tensor2d(data.y, [w.batch, w.sizes[w.sizes.length - 1]]);
  const activate = (h, act) => (act === "relu" ? tf.relu(h) : act === "tanh" ? tf.tanh(h) : act === "sigmoid" ? tf.sigmoid(h) : h);
  const logits = () => layers.reduce((h, { kernel, bias, act }) => activate(tf.add(tf.matMul(h, kernel), bias), act), x);
  const lossOf = () =>
    w.loss === "softmaxCrossEntropy" ? tf.losses.softmaxCrossEntropy(y, logits()) : tf.losses.meanSquaredError(y, logits());
  const optimizer = tf.train.sgd(w.lr);
  const backendName = tf.getBackend() + (backend === "wasm" ? ` (${wasmFlavor(tf)})` : "");
  return {
    name: backendName,
    step() {
      const cost = optimizer.minimize(lossOf, true);
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    infer() {
      const out = tf.tidy(() => (w.loss === "softmaxCrossEntropy" ? tf.softmax(logits()) : logits()));
      const value = out.dataSync()[0];
      out.dispose();
      return value;
    },
  };
}

function wasmFlavor(tf) {
  try {
    const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
    const threads = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT");
    return `${simd ? "simd" : "no simd"}, ${threads ? "threads" : "1 thread"}`;
  } catch {
    return "wasm";
  }
}
