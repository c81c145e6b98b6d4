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
  const { logits, lossOf } = (w.layers ? convNet : mlp)(tf, w, params, data);
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

/** A dense network: per layer, kernel [in, out] then bias [out] from the flat parameters. */
function mlp(tf, w, params, data) {
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
  return { logits, lossOf };
}

/**
 * A convolutional workload's layers (conv2d, maxPooling2d, flatten, dense) with the ops API:
 * tf.conv2d, tf.maxPool, tf.matMul, each kernel then bias from the flat parameters.
 */
function convNet(tf, w, params, data) {
  let at = 0;
  const variable = (shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = tf.variable(tf.tensor(params.slice(at, at + size), shape));
    at += size;
    return v;
  };
  let [H, W, C] = w.input;
  const ops = [];
  for (const l of w.layers) {
    if (l.type === "conv2d") {
      const [kernel, bias] = [variable([l.kernelSize, l.kernelSize, C, l.filters]), variable([l.filters])];
      const s = l.strides ?? 1;
      const padding = l.padding ?? "valid";
      ops.push((h) => {
        const z = tf.add(tf.conv2d(h, kernel, s, padding), bias);
        return l.activation === "relu" ? tf.relu(z) : z;
      });
      [H, W, C] = [padding === "same" ? Math.ceil(H / s) : Math.floor((H - l.kernelSize) / s) + 1, padding === "same" ? Math.ceil(W / s) : Math.floor((W - l.kernelSize) / s) + 1, l.filters];
    } else if (l.type === "maxPooling2d") {
      const k = l.poolSize ?? 2;
      ops.push((h) => tf.maxPool(h, k, l.strides ?? k, "valid"));
      [H, W] = [Math.floor((H - k) / (l.strides ?? k)) + 1, Math.floor((W - k) / (l.strides ?? k)) + 1];
    } else if (l.type === "flatten") {
      const size = H * W * C;
      ops.push((h) => tf.reshape(h, [w.batch, size]));
    } else {
      const [kernel, bias] = [variable([H * W * C, l.units]), variable([l.units])];
      ops.push((h) => tf.add(tf.matMul(h, kernel), bias));
    }
  }
  const x = tf.tensor4d(data.x, [w.batch, ...w.input]);
  const y = tf.tensor2d(data.y, [w.batch, w.sizes[1]]);
  const logits = () => ops.reduce((h, op) => op(h), x);
  return { logits, lossOf: () => tf.losses.softmaxCrossEntropy(y, logits()) };
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
