// A bench workload as an ONNX graph, from the tapeless module's flat parameters (per layer: kernel
// then bias). Dense layers are Gemm; convolutions run NCHW, as ONNX defines them: the NHWC input
// is transposed in the graph, each conv kernel [kh, kw, C, F] stored as [F, C, kh, kw] and the
// first dense kernel after a flatten has its rows reordered from (h, w, c) to (c, h, w). The same
// weights, in ONNX's layouts. The output is softmax probabilities under softmax cross-entropy (as
// tapeless's forward returns them), otherwise the last layer's activation.
import { encodeModel, int, ints } from "./model.mjs";

const ACTIVATIONS = { relu: "Relu", tanh: "Tanh", sigmoid: "Sigmoid" };

/**
 * @param {object} w  a workload of bench/workloads.mjs (or one shaped like it)
 * @param {Float32Array} params  the tapeless module's parameters
 * @returns {{ bytes: Uint8Array, input: string, output: string, inputShape: number[], outputShape: number[] }}
 */
export function workloadModel(w, params) {
  const g = { nodes: [], initializers: [], at: 0, count: 0 };
  const inputShape = w.layers ? [w.batch, ...w.input] : [w.batch, w.sizes[0]];
  let h = w.layers ? convNet(g, w, params) : mlp(g, w, params);
  if (g.at !== params.length) throw new Error(`${w.name}: the graph reads ${g.at} of ${params.length} parameters`);
  if (w.loss === "softmaxCrossEntropy") h = node(g, "Softmax", [h], { axis: int(-1) });
  const outputShape = [w.batch, w.sizes[w.sizes.length - 1]];
  const bytes = encodeModel({
    name: w.name,
    inputs: [{ name: "x", shape: inputShape }],
    outputs: [{ name: h, shape: outputShape }],
    nodes: g.nodes,
    initializers: g.initializers,
  });
  return { bytes, input: "x", output: h, inputShape, outputShape };
}

function mlp(g, w, params) {
  let h = "x";
  for (let l = 0; l + 1 < w.sizes.length; l++) h = dense(g, params, h, w.sizes[l], w.sizes[l + 1], w.activations[l]);
  return h;
}

function convNet(g, w, params) {
  let [H, W, C] = w.input;
  let h = node(g, "Transpose", ["x"], { perm: ints([0, 3, 1, 2]) }); // NHWC → NCHW
  let flattened = null; // [H, W, C] at the flatten, while the next dense kernel's rows are still in NHWC order
  for (const l of w.layers) {
    plain(w, l);
    if (l.type === "conv2d") {
      const k = l.kernelSize;
      const s = l.strides ?? 1;
      const hwio = take(g, params, k * k * C * l.filters);
      const kernel = constant(g, [l.filters, C, k, k], permute(hwio, [k, k, C, l.filters], [3, 2, 0, 1]));
      const bias = constant(g, [l.filters], take(g, params, l.filters));
      const [padH, padW] = [pads(l.padding, H, k, s), pads(l.padding, W, k, s)];
      h = node(g, "Conv", [h, kernel, bias], {
        kernel_shape: ints([k, k]),
        strides: ints([s, s]),
        pads: ints([padH[0], padW[0], padH[1], padW[1]]),
      });
      if (l.activation && l.activation !== "linear") h = node(g, activation(l.activation), [h]);
      [H, W, C] = [outSize(H, k, s, padH), outSize(W, k, s, padW), l.filters];
    } else if (l.type === "maxPooling2d") {
      const k = l.poolSize ?? 2;
      const s = l.strides ?? k;
      const [padH, padW] = [pads(l.padding, H, k, s), pads(l.padding, W, k, s)];
      h = node(g, "MaxPool", [h], { kernel_shape: ints([k, k]), strides: ints([s, s]), pads: ints([padH[0], padW[0], padH[1], padW[1]]) });
      [H, W] = [outSize(H, k, s, padH), outSize(W, k, s, padW)];
    } else if (l.type === "flatten") {
      h = node(g, "Flatten", [h], { axis: int(1) });
      flattened = [H, W, C];
      [H, W, C] = [1, 1, H * W * C];
    } else if (l.type === "dense") {
      h = dense(g, params, h, H * W * C, l.units, l.activation, flattened);
      flattened = null;
      [H, W, C] = [1, 1, l.units];
    } else throw new Error(`${w.name}: no ONNX form for a ${l.type} layer`);
  }
  return h;
}

/** Gemm(h, kernel [in, out], bias), then the activation; `nhwc` reorders the kernel's rows to NCHW. */
function dense(g, params, h, inDim, outDim, act, nhwc = null) {
  let k = take(g, params, inDim * outDim);
  if (nhwc) k = permute(k, [...nhwc, outDim], [2, 0, 1, 3]);
  const kernel = constant(g, [inDim, outDim], k);
  const bias = constant(g, [outDim], take(g, params, outDim));
  h = node(g, "Gemm", [h, kernel, bias]);
  return act && act !== "identity" && act !== "linear" ? node(g, activation(act), [h]) : h;
}

/** Options graph.mjs does not translate (the bench's workloads use none of them) fail loudly. */
function plain(w, l) {
  const scalar = (v) => v === undefined || typeof v === "number";
  if (!scalar(l.kernelSize) || !scalar(l.strides) || !scalar(l.poolSize) || (l.dilationRate ?? 1) !== 1 || l.useBias === false) {
    throw new Error(`${w.name}: graph.mjs has no ONNX form for ${JSON.stringify(l)}`);
  }
}

function activation(name) {
  const op = ACTIVATIONS[name];
  if (!op) throw new Error(`no ONNX op for the activation ${name}`);
  return op;
}

/** TensorFlow's padding: "same" puts the odd pixel at the end; [begin, end]. */
function pads(padding, size, k, s) {
  if ((padding ?? "valid") === "valid") return [0, 0];
  const total = Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}
const outSize = (size, k, s, [begin, end]) => Math.floor((size + begin + end - k) / s) + 1;

function node(g, op, inputs, attributes) {
  const out = `${op.toLowerCase()}${g.nodes.length}`;
  g.nodes.push({ op, inputs, outputs: [out], attributes });
  return out;
}

function constant(g, dims, data) {
  const name = `w${g.initializers.length}`;
  g.initializers.push({ name, dims, data });
  return name;
}

/** The next `count` parameters. */
function take(g, params, count) {
  const out = params.slice(g.at, g.at + count);
  if (out.length !== count) throw new Error(`the graph needs more than the ${params.length} parameters`);
  g.at += count;
  return out;
}

/** A row-major tensor of `shape` with its axes reordered: output axis i is input axis order[i]. */
export function permute(data, shape, order) {
  const outShape = order.map((a) => shape[a]);
  const strides = shape.map((_, a) => shape.slice(a + 1).reduce((p, d) => p * d, 1));
  const out = new Float32Array(data.length);
  const index = new Array(shape.length).fill(0); // the output position, digit by digit
  for (let o = 0; o < out.length; o++) {
    let from = 0;
    for (let i = 0; i < order.length; i++) from += index[i] * strides[order[i]];
    out[o] = data[from];
    for (let i = index.length - 1; i >= 0 && ++index[i] === outShape[i]; i--) index[i] = 0;
  }
  return out;
}
