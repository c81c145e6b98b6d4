// fast-check arbitrary for random convolutional networks (issue 13), for the fuzzer: an image input
// [h, w, c] (h, w in 3..8, c in 1..3), 1 to 4 spatial layers drawn from conv2d (random filters, kernel
// n or [kh, kw], strides, dilation, padding, activation, useBias), maxPooling2d / averagePooling2d
// (pool size, strides or their default, padding) and, once the image is read as a sequence (a reshape
// to [h, w·c]), conv1d / maxPooling1d / averagePooling1d; depthwiseConv2d (multiplier 1..3) and
// batchNormalization (training mode, on images and sequences) among them; then flatten or a global pooling, a dense
// layer and mse or softmaxCrossEntropy. Valid by construction: a layer whose window would not fit its
// "valid" input is padded "same" instead (output ⌈in / stride⌉ ≥ 1), the sizes worked out by the
// compiler's own padsOf / outputSizeOf. Always float64 (the finite-difference check) and `loss` an
// array (check-case.ts reads that as "N-D data": loss and output against TensorFlow.js, every
// parameter of a small network against finite differences).
import fc from "fast-check";
import { outputSizeOf, padsOf } from "../../compiler/layers/conv.ts";
import type { FuzzCase } from "./arbitraries.ts";

type Json = Record<string, unknown>;

const ACTIVATIONS = ["identity", "relu", "tanh", "sigmoid", "elu"] as const;
const SPATIAL_2D = ["conv2d", "conv2d", "maxPooling2d", "averagePooling2d", "to1d", "depthwiseConv2d", "batchNormalization"] as const;
const SPATIAL_1D = ["conv1d", "conv1d", "maxPooling1d", "averagePooling1d", "batchNormalization"] as const;

const layerDraw = fc.record({
  pick: fc.nat({ max: 19 }),
  filters: fc.integer({ min: 1, max: 3 }),
  size: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
  square: fc.boolean(),
  strides: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 })),
  stridesGiven: fc.nat({ max: 2 }),
  dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  dilated: fc.boolean(),
  same: fc.boolean(),
  activation: fc.constantFrom(...ACTIVATIONS),
  useBias: fc.boolean(),
});
type LayerDraw = typeof layerDraw extends fc.Arbitrary<infer T> ? T : never;

/** The output size per spatial axis, or undefined where a window does not fit. */
function outputOf(input: readonly number[], window: readonly number[], strides: readonly number[], dilation: readonly number[], padding: "valid" | "same") {
  const sizes = input.map((n, i) => {
    const a = { input: n, kernel: window[i]!, stride: strides[i]!, dilation: dilation[i]! };
    return outputSizeOf(a, padsOf(a, padding));
  });
  return sizes.every((s) => s >= 1) ? sizes : undefined;
}

/** One spatial layer on `shape` ([h, w, c] or [steps, c]): the layer and its output shape. */
function spatialLayer(d: LayerDraw, shape: number[]): { layer: Json; shape: number[] } {
  const rank = shape.length - 1;
  const kinds = rank === 2 ? SPATIAL_2D : SPATIAL_1D;
  const kind = kinds[d.pick % kinds.length]!;
  if (kind === "to1d") return { layer: { type: "reshape", shape: [shape[0]!, shape[1]! * shape[2]!] }, shape: [shape[0]!, shape[1]! * shape[2]!] };
  // batch norm (training mode: the batch's statistics) over the channels, momentum drawn
  if (kind === "batchNormalization") return { layer: { type: kind, momentum: [0.99, 0.9, 0.5][d.pick % 3]! }, shape };
  const isConv = kind.startsWith("conv") || kind === "depthwiseConv2d";
  const one = (v: readonly [number, number]) => (rank === 1 ? [v[0]] : d.square ? [v[0], v[0]] : [v[0], v[1]]);
  const asField = (v: number[]) => (d.square || rank === 1 ? (d.pick % 2 === 0 ? v[0]! : v) : v);
  const window = one(d.size);
  const dilation = isConv && d.dilated ? one(d.dilation) : window.map(() => 1);
  // conv strides default 1, pooling strides default poolSize: given, or left to the default
  const given = d.stridesGiven > 0;
  const strides = given ? one(d.strides) : isConv ? window.map(() => 1) : window;
  let padding: "valid" | "same" = d.same ? "same" : "valid";
  let spatial = outputOf(shape.slice(0, rank), window, strides, dilation, padding);
  if (spatial === undefined) {
    padding = "same";
    spatial = outputOf(shape.slice(0, rank), window, strides, dilation, padding)!;
  }
  const common: Json = { ...(given ? { strides: asField(strides) } : {}), ...(padding === "same" || d.same ? { padding } : {}) };
  if (kind === "depthwiseConv2d") {
    // depthMultiplier drawn like filters: C·M output channels
    const layer: Json = { type: kind, depthMultiplier: d.filters, kernelSize: asField(window), ...common, activation: d.activation };
    if (d.dilated) layer.dilationRate = asField(dilation);
    if (!d.useBias) layer.useBias = false;
    return { layer, shape: [...spatial, shape[rank]! * d.filters] };
  }
  if (isConv) {
    const layer: Json = { type: kind, filters: d.filters, kernelSize: asField(window), ...common, activation: d.activation };
    if (d.dilated) layer.dilationRate = asField(dilation);
    if (!d.useBias) layer.useBias = false;
    return { layer, shape: [...spatial, d.filters] };
  }
  return { layer: { type: kind, poolSize: asField(window), ...common }, shape: [...spatial, shape[rank]!] };
}

export const convNetSpec: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    input: fc.tuple(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 3, max: 8 }), fc.integer({ min: 1, max: 3 })),
    layers: fc.array(layerDraw, { minLength: 1, maxLength: 4 }),
    head: fc.constantFrom("flatten", "global average", "global max"),
    units: fc.integer({ min: 2, max: 3 }),
    activation: fc.constantFrom("identity", "tanh"),
    loss: fc.constantFrom("mse", "softmaxCrossEntropy"),
    maxBatch: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ input, layers: draws, head, units, activation, loss, maxBatch }) => {
    let shape: number[] = [...input];
    const layers: Json[] = [];
    for (const d of draws) {
      const next = spatialLayer(d, shape);
      if (next.layer.type === "batchNormalization") withoutVanishingBiases(layers);
      layers.push(next.layer);
      shape = next.shape;
    }
    const dims = shape.length === 3 ? "2d" : "1d";
    if (head === "flatten") layers.push({ type: "flatten" });
    else layers.push({ type: `${head === "global max" ? "globalMaxPooling" : "globalAveragePooling"}${dims}` });
    layers.push({ type: "dense", units, ...(loss === "mse" ? { activation } : {}) });
    return { name: "fuzzconv", dtype: "f64", maxBatch, inputs: { x: [...input] }, targets: { y: [units] }, layers, loss: [{ type: loss }] };
  });

/**
 * A bias that reaches a batch normalization through linear, shift-preserving layers only (identity
 * activation, then pooling, reshapes, convolutions) shifts whole channels: normalizing removes it,
 * so its gradient is 0 in exact arithmetic and both sides compute rounding noise. Before a batch
 * norm, every earlier convolution without an activation goes without a bias (as Keras users write it).
 */
function withoutVanishingBiases(layers: Json[]): void {
  for (const layer of layers) {
    const conv = String(layer.type).startsWith("conv") || layer.type === "depthwiseConv2d";
    if (conv && layer.activation === "identity") layer.useBias = false;
  }
}

export const convFuzzCase: fc.Arbitrary<FuzzCase> = convNetSpec.chain((spec) =>
  fc.record({ spec: fc.constant(spec), batch: fc.integer({ min: 1, max: spec.maxBatch as number }), seed: fc.nat({ max: 1_000_000 }) }),
);

/** What one case exercises, for the coverage check of its fuzz test. */
export function convCaseFeatures({ spec }: FuzzCase): string[] {
  const features = new Set<string>();
  for (const layer of spec.layers as Json[]) {
    const type = String(layer.type);
    features.add(type === "reshape" ? "image read as a sequence" : type);
    if (layer.padding === "same") features.add("same");
    const many = (v: unknown) => (Array.isArray(v) ? v.some((x) => x > 1) : typeof v === "number" && v > 1);
    if (type.startsWith("conv") || type === "depthwiseConv2d") {
      if (many(layer.strides)) features.add("conv strides > 1");
      if (many(layer.dilationRate)) features.add("conv dilation > 1");
      if (layer.useBias === false) features.add("conv without bias");
    }
    if (type.includes("Pooling") && !type.startsWith("global") && layer.strides === undefined) features.add("pool strides by default");
  }
  features.add(`loss ${String((spec.loss as Json[])[0]!.type)}`);
  return [...features];
}

/** Every feature convCaseFeatures reports that the budget must reach. */
export function convAllFeatures(): string[] {
  return [
    "conv2d",
    "conv1d",
    "depthwiseConv2d",
    "batchNormalization",
    "maxPooling2d",
    "averagePooling2d",
    "maxPooling1d",
    "averagePooling1d",
    "globalAveragePooling2d",
    "globalMaxPooling2d",
    "flatten",
    "image read as a sequence",
    "same",
    "conv strides > 1",
    "conv dilation > 1",
    "conv without bias",
    "pool strides by default",
    "loss mse",
    "loss softmaxCrossEntropy",
  ];
}
