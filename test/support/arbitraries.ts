// fast-check arbitraries for random *valid* specs: sequential and graph form, depth 1–6, widths
// 1–64, every activation (alpha included) and loss, fan-out and `add`, f32 and f64, plain and
// hostile names, every optimizer, and a batch ≤ maxBatch. Values are plain JSON, so a shrunk
// counterexample can be pasted into test/fuzz/regressions/ as it is.
import fc from "fast-check";
import { ACTIVATIONS, SAME_SHAPE_LOSSES as LOSSES, OPTIMIZERS, type ActivationName, type LossName } from "../../src/spec/types.ts";

export interface FuzzCase {
  spec: Record<string, unknown>;
  /** Rows passed to loss() (1..maxBatch). */
  batch: number;
  /** Seeds the initializer, the bias override and the data. */
  seed: number;
}

/** Names that try to break generated code; every one is a valid spec name. */
export const HOSTILE_NAMES = [
  'q"uote',
  "back`tick${1}",
  "*/ end /*",
  "new\nline",
  "ünï ☃",
  "class",
  "__proto__",
  "constructor",
  "params",
  "Math",
];

const activation = fc.constantFrom(...ACTIVATIONS);
const alpha = fc.constantFrom(undefined, 0.01, 0.1, 0.3, 1, 1.5);
const width = fc.integer({ min: 1, max: 64 });
const loss = fc.constantFrom(...LOSSES);
const optimizer = fc.constantFrom(...OPTIMIZERS).map((type) => ({ type }));

/** The activation with its alpha, if it takes one (alpha only for leakyRelu and elu). */
function withAlpha(type: ActivationName, a: number | undefined): Record<string, unknown> {
  return (type === "leakyRelu" || type === "elu") && a !== undefined ? { alpha: a } : {};
}

/** Losses that apply softmax / sigmoid themselves reject a model output ending in it. */
function fixLast(type: ActivationName, lossType: LossName): ActivationName {
  if (lossType === "softmaxCrossEntropy" && type === "softmax") return "identity";
  if (lossType === "sigmoidCrossEntropy" && type === "sigmoid") return "identity";
  return type;
}

const nameStyle = fc.constantFrom("plain", "plain", "plain", "hostile");
const nameFor = (style: string, i: number, plain: string) =>
  style === "plain" ? plain : `${HOSTILE_NAMES[i % HOSTILE_NAMES.length]}#${i}`;

const layerRecipe = fc.record({
  dense: fc.constantFrom(true, true, false),
  units: width,
  activation,
  alpha,
  useBias: fc.boolean(),
  named: fc.boolean(),
});

const common = fc.record({
  dtype: fc.constantFrom("f32", "f64"),
  maxBatch: fc.integer({ min: 1, max: 16 }),
  loss,
  optimizer,
  names: nameStyle,
});

export const sequentialSpec = fc
  .record({
    common,
    inputWidth: width,
    layers: fc.array(layerRecipe, { minLength: 1, maxLength: 6 }),
    /** Rank-2 input for networks without dense layers (activations work on any shape). */
    grid: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })),
  })
  .map(({ common: c, inputWidth, layers, grid }) => {
    const hasDense = layers.some((l) => l.dense);
    const shape = hasDense || c.loss === "softmaxCrossEntropy" ? [inputWidth] : grid;
    let outShape = shape;
    const specLayers = layers.map((l, i) => {
      const last = i === layers.length - 1;
      const type = last ? fixLast(l.activation, c.loss) : l.activation;
      const name = l.named ? { name: nameFor(c.names, i, `layer ${i}`) } : {};
      if (!l.dense) return { type, ...name, ...withAlpha(type, l.alpha) };
      outShape = [l.units];
      return { type: "dense", ...name, units: l.units, activation: type, ...withAlpha(type, l.alpha), useBias: l.useBias };
    });
    return {
      name: nameFor(c.names, 7, "fuzz"),
      dtype: c.dtype,
      maxBatch: c.maxBatch,
      inputs: { [nameFor(c.names, 8, "x")]: shape },
      targets: { [nameFor(c.names, 9, "y")]: outShape },
      layers: specLayers,
      loss: { type: c.loss },
      optimizer: c.optimizer,
    } as Record<string, unknown>;
  });

const nodeRecipe = fc.record({
  kind: fc.constantFrom("dense", "dense", "activation", "add"),
  units: width,
  activation,
  alpha,
  useBias: fc.boolean(),
  /** Raw picks among earlier values (taken modulo the candidates). */
  refs: fc.array(fc.nat(), { minLength: 2, maxLength: 3 }),
});

export const graphSpec = fc
  .record({
    common,
    inputWidths: fc.array(width, { minLength: 1, maxLength: 2 }),
    nodes: fc.array(nodeRecipe, { minLength: 1, maxLength: 6 }),
  })
  .map(({ common: c, inputWidths, nodes }) => {
    const values: { name: string; width: number }[] = inputWidths.map((w, i) => ({ name: nameFor(c.names, i, `x${i}`), width: w }));
    const inputs = Object.fromEntries(values.map((v) => [v.name, [v.width]]));
    const specNodes: Record<string, unknown> = {};
    nodes.forEach((n, i) => {
      const name = nameFor(c.names, i + 2, `n${i}`);
      const last = i === nodes.length - 1;
      const first = values[n.refs[0] % values.length];
      const type = last ? fixLast(n.activation, c.loss) : n.activation;
      let width = first.width;
      if (n.kind === "dense") {
        specNodes[name] = { type: "dense", input: first.name, units: n.units, activation: type, ...withAlpha(type, n.alpha), useBias: n.useBias };
        width = n.units;
      } else if (n.kind === "activation") {
        specNodes[name] = { type, input: first.name, ...withAlpha(type, n.alpha) };
      } else {
        // Equal widths only; the first value may be picked again (x + x: fan-out into one add).
        const same = values.filter((v) => v.width === first.width);
        const rest = n.refs.slice(1).map((r) => same[r % same.length].name);
        specNodes[name] = { type: "add", inputs: [first.name, ...rest] };
      }
      values.push({ name, width });
    });
    const output = values[values.length - 1];
    return {
      name: nameFor(c.names, 7, "fuzzgraph"),
      dtype: c.dtype,
      maxBatch: c.maxBatch,
      inputs,
      targets: { [nameFor(c.names, 9, "y")]: [output.width] },
      nodes: specNodes,
      output: output.name,
      loss: { type: c.loss },
      optimizer: c.optimizer,
    } as Record<string, unknown>;
  });

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .oneof(sequentialSpec, graphSpec)
  .chain((spec) =>
    fc.record({
      spec: fc.constant(spec),
      batch: fc.integer({ min: 1, max: spec.maxBatch as number }),
      seed: fc.nat({ max: 1_000_000 }),
    }),
  );

/**
 * What one case exercises, for the fuzz test's coverage check: form × dtype × loss, optimizer ×
 * dtype, activation × dtype and × form, hostile names per form, `add`, alpha, no bias, rank-2 input.
 */
export function caseFeatures({ spec }: FuzzCase): string[] {
  const form = "nodes" in spec ? "graph" : "sequential";
  const { dtype } = spec as { dtype: string };
  const features = new Set([
    `${form} ${dtype} ${(spec.loss as { type: string }).type}`,
    `${(spec.optimizer as { type: string }).type} ${dtype}`,
  ]);
  const layers = (form === "graph" ? Object.values(spec.nodes as object) : spec.layers) as Record<string, unknown>[];
  for (const l of layers) {
    const act = l.type === "dense" ? l.activation : l.type === "add" ? undefined : l.type;
    if (act !== undefined) features.add(`${String(act)} ${dtype}`).add(`${String(act)} ${form}`);
    if (l.type === "add") features.add("add");
    if (l.alpha !== undefined) features.add("alpha");
    if (l.useBias === false) features.add("no bias");
  }
  if (String(spec.name).includes("#")) features.add(`hostile names ${form}`);
  if (Object.values(spec.inputs as Record<string, number[]>).some((s) => s.length === 2)) features.add("rank-2 input");
  return [...features];
}

/** Every feature caseFeatures can report. */
export function allFeatures(): string[] {
  const forms = ["sequential", "graph"];
  const dtypes = ["f32", "f64"];
  return [
    ...forms.flatMap((f) => dtypes.flatMap((d) => LOSSES.map((l) => `${f} ${d} ${l}`))),
    ...OPTIMIZERS.flatMap((o) => dtypes.map((d) => `${o} ${d}`)),
    ...ACTIVATIONS.flatMap((a) => [...dtypes, ...forms].map((x) => `${a} ${x}`)),
    ...forms.map((f) => `hostile names ${f}`),
    "add",
    "alpha",
    "no bias",
    "rank-2 input",
  ];
}
