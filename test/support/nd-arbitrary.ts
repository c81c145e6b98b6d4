// fast-check arbitrary for random valid N-D graph specs (issue 16's node kinds), for the fuzzer:
// per-sample shapes of rank 0–3 with dims 2–4; dense (on any rank), activations, unary ops (log and
// sqrt of positive values), scale, softmax / logSoftmax on any axis, broadcasting add / sub / mul /
// div (by a positive value) / maximum / minimum with constants, reshape / flatten, transpose with
// random perms, slice, concat, sum / mean / max over random axes with or without keepDims, matmul
// with each transposeA / transposeB and batch axes, layerNormalization, embedding of int32 indices,
// multiHeadAttention (self and cross, causal or not), fan-out; losses: a term on the output and on
// other unused values (mse, mae, huber, both cross-entropies, the sparse one with an int32 target,
// custom nodes that read targets), with weights, and sometimes a second output. Always float64 (the
// finite-difference check) and `loss` always an array (check-case.ts reads that as "N-D data").
// Each step draws from its own tape (nd-graph.ts), so a shrink that drops a step leaves the others.
import fc from "fast-check";
import { validateSpec } from "../../src/index.ts";
import { ACTIVATIONS, OPTIMIZERS } from "../../src/spec/types.ts";
import { broadcastShapes, GraphBuilder, type Json, sizeOf, Tape, type Val, type Shape } from "./nd-graph.ts";
import type { FuzzCase } from "./arbitraries.ts";

export const ND_OPS = [
  "dense",
  "activation",
  "unary",
  "unary",
  "scale",
  "softmax",
  "binary",
  "binary",
  "binary",
  "reshape",
  "flatten",
  "transpose",
  "slice",
  "concat",
  "reduce",
  "reduce",
  "matmul",
  "matmul",
  "layerNormalization",
  "embedding",
  "multiHeadAttention",
] as const;

const ALPHA_ACTIVATIONS = ["leakyRelu", "elu"];
const withAlpha = (t: Tape, type: string): Json => (ALPHA_ACTIVATIONS.includes(type) && t.oneIn(2) ? { alpha: t.pick([0.1, 0.5, 1.5]) } : {});

/** A shape that broadcasts with `s` (same, some axes 1, fewer or one more leading axes). */
function partner(t: Tape, s: Shape): Shape {
  switch (t.int(4)) {
    case 0:
      return [...s];
    case 1:
      return s.map((d) => (d === 1 ? (t.oneIn(2) ? t.dim() : 1) : t.oneIn(2) ? 1 : d));
    case 2:
      return s.slice(t.int(s.length + 1));
    default:
      return s.length < 3 ? [t.dim(), ...s] : s.map((d, i) => (i === 0 ? 1 : d));
  }
}

/** Divisors of m, ascending. */
const divisors = (m: number) => Array.from({ length: m }, (_, i) => i + 1).filter((d) => m % d === 0);

function step(g: GraphBuilder, t: Tape, op: (typeof ND_OPS)[number]): void {
  switch (op) {
    case "dense": {
      const v = g.source(t, 1);
      const activation = t.pick(ACTIVATIONS);
      g.dense(t, v, t.dim(), { activation, ...withAlpha(t, activation) });
      return;
    }
    case "activation": {
      const v = g.source(t);
      const type = t.pick(ACTIVATIONS.filter((a) => a !== "softmax"));
      g.node({ type, input: v.name, ...withAlpha(t, type) }, [v], v.shape);
      return;
    }
    case "unary": {
      const type = t.pick(["exp", "log", "sqrt", "square", "abs", "neg"]);
      const raw = g.source(t);
      const v = type === "log" || type === "sqrt" ? g.positive(t, raw) : raw;
      g.node({ type, input: v.name }, [v], v.shape);
      return;
    }
    case "scale": {
      const v = g.source(t);
      g.node({ type: "scale", input: v.name, factor: t.pick([0.5, -1.5, 2]) }, [v], v.shape);
      return;
    }
    case "softmax": {
      const v = g.source(t, 1);
      const node: Json = { type: t.pick(["softmax", "logSoftmax"]), input: v.name };
      if (!t.oneIn(3)) node.axis = t.axis(v.shape.length);
      g.node(node, [v], v.shape);
      return;
    }
    case "binary":
      return binary(g, t);
    case "reshape": {
      const v = g.source(t);
      let rest = sizeOf(v.shape);
      const shape: Shape = [];
      for (let k = t.range(1, 3); k > 1; k--) {
        const d = t.pick(divisors(rest).reverse());
        shape.push(d);
        rest /= d;
      }
      g.reshape(t, v, [...shape, rest]);
      return;
    }
    case "flatten": {
      const v = g.source(t, 2);
      g.node({ type: "flatten", input: v.name }, [v], [sizeOf(v.shape)]);
      return;
    }
    case "transpose": {
      const v = g.source(t, 2);
      const rank = v.shape.length;
      const perm = t.perm(rank);
      const node: Json = { type: "transpose", input: v.name };
      const reversed = perm.every((a, i) => a === rank - 1 - i);
      if (!(reversed && t.oneIn(2))) node.perm = perm.map((a) => (t.oneIn(4) ? a - rank : a));
      g.node(node, [v], perm.map((a) => v.shape[a]!));
      return;
    }
    case "slice": {
      const v = g.source(t, 1);
      const begin = v.shape.map((d) => t.int(d));
      const shape = v.shape.map((d, i) => t.range(1, d - begin[i]!));
      const size = shape.map((d, i) => (begin[i]! + d === v.shape[i] && t.oneIn(2) ? -1 : d));
      g.node({ type: "slice", input: v.name, begin, size }, [v], shape);
      return;
    }
    case "concat": {
      const a = g.source(t, 1);
      const rank = a.shape.length;
      const written = t.oneIn(3) ? undefined : t.axis(rank);
      const axis = written === undefined ? rank - 1 : (written + rank) % rank;
      const parts = [a];
      for (let k = t.range(2, 3); k > 1; k--) {
        parts.push(t.oneIn(3) ? a : g.operand(t, a.shape.map((d, i) => (i === axis ? t.range(1, 3) : d))));
      }
      const shape = a.shape.map((d, i) => (i === axis ? parts.reduce((n, p) => n + p.shape[axis]!, 0) : d));
      g.node({ type: "concat", inputs: parts.map((p) => p.name), ...(written === undefined ? {} : { axis: written }) }, parts, shape);
      return;
    }
    case "reduce": {
      const v = g.source(t, 1);
      const rank = v.shape.length;
      const node: Json = { type: t.pick(["sum", "mean", "max"]), input: v.name };
      let axes: number[];
      switch (t.int(4)) {
        case 0:
          axes = [t.int(rank)];
          node.axes = t.oneIn(2) ? axes[0]! - rank : axes[0];
          break;
        case 1:
          axes = t.perm(rank).slice(0, t.range(1, rank));
          node.axes = axes.map((a) => (t.oneIn(3) ? a - rank : a));
          break;
        case 2:
          axes = v.shape.map((_, i) => i);
          break;
        default:
          axes = t.perm(rank);
          node.axes = axes;
      }
      const keep = t.int(3);
      if (keep > 0) node.keepDims = keep === 1;
      g.node(node, [v], keep === 1 ? v.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : v.shape.filter((_, i) => !axes.includes(i)));
      return;
    }
    case "matmul": {
      const a = g.source(t, 2);
      const [transposeA, transposeB] = [t.oneIn(2), t.oneIn(2)];
      const lead = a.shape.slice(0, -2);
      const [r, c] = a.shape.slice(-2) as [number, number];
      const [m, k] = transposeA ? [c, r] : [r, c];
      // a·aᵀ and aᵀ·a (fan-out into both operands) whenever the shapes allow it.
      const self = t.oneIn(3) && (transposeA !== transposeB || r === c);
      const p = self ? (transposeB ? r : c) : t.dim();
      const b = self ? a : g.operand(t, transposeB ? [...lead, p, k] : [...lead, k, p]);
      const node: Json = { type: "matmul", inputs: [a.name, b.name] };
      if (transposeA || t.oneIn(2)) node.transposeA = transposeA;
      if (transposeB || t.oneIn(2)) node.transposeB = transposeB;
      g.node(node, [a, b], [...lead, m, p]);
      return;
    }
    case "layerNormalization": {
      const v = g.source(t, 1);
      const node: Json = { type: "layerNormalization", input: v.name };
      if (t.oneIn(2)) node.axis = t.axis(v.shape.length);
      if (t.oneIn(4)) node.center = false;
      if (t.oneIn(4)) node.scale = false;
      if (t.oneIn(4)) node.epsilon = 0.01;
      g.node(node, [v], v.shape);
      return;
    }
    case "embedding": {
      const tok = indices(g, t);
      const outputDim = t.dim();
      g.node({ type: "embedding", input: tok.name, inputDim: t.range(3, 6), outputDim }, [tok], [...tok.shape, outputDim]);
      return;
    }
    case "multiHeadAttention": {
      const q = g.source(t, 2, 2);
      const node: Json = { type: "multiHeadAttention", numHeads: t.range(1, 2), keyDim: 2 };
      const v = t.oneIn(2) ? g.source(t, 2, 2) : undefined;
      if (v === undefined) node.input = q.name;
      else node.inputs = [q.name, v.name];
      if (t.oneIn(2)) node.causal = true;
      if (t.oneIn(3)) node.useBias = false;
      g.node(node, v === undefined ? [q] : [q, v], q.shape);
      return;
    }
  }
}

/** Broadcasting binary ops; a divisor is made positive; add takes 2 or 3 operands. */
function binary(g: GraphBuilder, t: Tape): void {
  const type = t.pick(["add", "sub", "mul", "div", "maximum", "minimum"]);
  let a = g.source(t);
  let partnerShape: Shape;
  const rank = a.shape.length;
  if (rank >= 2 && t.oneIn(3)) {
    // Two-way broadcasting: a gets a 1 on one axis, its partner on another ([3, 1] with [1, 4]).
    const [axis, other] = t.perm(rank);
    const full = a.shape;
    a = g.coerce(t, a, full.map((d, i) => (i === axis ? 1 : d)));
    partnerShape = full.map((d, i) => (i === other ? 1 : d));
  } else partnerShape = partner(t, a.shape);
  let b = g.operand(t, partnerShape);
  if (t.oneIn(2)) [a, b] = [b, a];
  if (type === "div") b = g.positive(t, b);
  const operands = [a, b];
  if (type === "add" && t.oneIn(2)) {
    const c = g.operand(t, partner(t, a.shape));
    if (broadcastShapes(broadcastShapes(a.shape, b.shape)!, c.shape) !== undefined) operands.push(c);
  }
  const shape = operands.reduce<Shape>((s, o) => broadcastShapes(s, o.shape)!, []);
  g.node({ type, inputs: operands.map((o) => o.name) }, operands, shape);
}

/** int32 indices: an int32 input (made if none), sometimes moved (slice, reshape, transpose, concat) first. */
function indices(g: GraphBuilder, t: Tape): Val {
  const ints = g.values.filter((v) => v.int).reverse();
  const tok = ints.length > 0 && !t.oneIn(3) ? t.pick(ints) : g.input(t.shape(1, 2), true);
  switch (t.int(6)) {
    case 1: {
      const begin = tok.shape.map((d) => t.int(d));
      const shape = tok.shape.map((d, i) => d - begin[i]!);
      return g.node({ type: "slice", input: tok.name, begin, size: shape.map(() => -1) }, [tok], shape, { int: true });
    }
    case 2:
      return tok.shape.length === 1 ? g.reshape(t, tok, [1, tok.shape[0]!]) : g.reshape(t, tok, [sizeOf(tok.shape)]);
    case 3:
      return tok.shape.length === 2 ? g.node({ type: "transpose", input: tok.name }, [tok], [tok.shape[1]!, tok.shape[0]!], { int: true }) : tok;
    case 4: {
      const shape = tok.shape.map((d, i) => (i === tok.shape.length - 1 ? 2 * d : d));
      return g.node({ type: "concat", inputs: [tok.name, tok.name] }, [tok, tok], shape, { int: true });
    }
    default:
      return tok;
  }
}

const LOSS_TYPES = ["mse", "softmaxCrossEntropy", "sparseSoftmaxCrossEntropy", "custom", "sigmoidCrossEntropy", "meanAbsoluteError", "huber"] as const;

/** Whether `v`'s node ends in `fn` (a cross-entropy that applies it itself must get the logits). */
function endsIn(g: GraphBuilder, v: Val, fn: string): boolean {
  const node = g.nodes[v.name];
  return node !== undefined && ((node.type === "dense" && node.activation === fn) || node.type === fn);
}

/** One loss term reading `v`; `first` terms always name a target (a spec needs at least one). */
function lossTerm(g: GraphBuilder, t: Tape, v: Val, first: boolean): Json {
  let type: (typeof LOSS_TYPES)[number] = t.pick(LOSS_TYPES);
  if (v.shape.length === 0 && (type === "softmaxCrossEntropy" || type === "sparseSoftmaxCrossEntropy")) type = "mse";
  const weight = t.int(4) === 0 ? {} : { weight: t.pick([0.5, 2, 0.25]) };
  if (type === "custom") {
    let e: Val;
    if (!first && t.oneIn(3)) e = g.node({ type: "square", input: v.name }, [v], v.shape, { lossOnly: true });
    else {
      const y = g.target(v.shape);
      const d = g.node({ type: "sub", inputs: [v.name, y.name] }, [v, y], v.shape, { lossOnly: true });
      e = g.node({ type: t.pick(["square", "abs"]), input: d.name }, [d], d.shape, { lossOnly: true });
    }
    const r = v.shape.length === 0 ? e : g.node({ type: t.pick(["mean", "sum"]), input: e.name }, [e], [], { lossOnly: true });
    return { type, node: r.name, ...weight };
  }
  const fn = type === "sigmoidCrossEntropy" ? "sigmoid" : type.endsWith("SoftmaxCrossEntropy") || type === "softmaxCrossEntropy" ? "softmax" : "";
  const out = fn !== "" && endsIn(g, v, fn) ? g.node({ type: "scale", input: v.name, factor: 1.5 }, [v], v.shape, { lossOnly: true }) : v;
  const y = type === "sparseSoftmaxCrossEntropy" ? g.target(v.shape.slice(0, -1), true) : g.target(v.shape);
  const delta = type === "huber" && t.oneIn(2) ? { delta: 0.5 } : {};
  return { type, output: out.name, target: y.name, ...weight, ...delta };
}

export const ndGraphSpec: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    top: fc.array(fc.nat(), { minLength: 8, maxLength: 12 }),
    steps: fc.array(
      fc.record({ op: fc.nat({ max: ND_OPS.length - 1 }), tape: fc.array(fc.nat(), { minLength: 24, maxLength: 40 }) }),
      { minLength: 1, maxLength: 8 },
    ),
    loss: fc.array(fc.nat(), { minLength: 24, maxLength: 40 }),
  })
  .map(({ top, steps, loss }) => {
    const t = new Tape(top);
    const g = new GraphBuilder();
    // The first node has parameters (so that the gradients of what follows are checked).
    if (t.oneIn(4)) step(g, t, "embedding");
    else {
      for (let k = t.range(1, 2); k > 0; k--) g.input(t.shape(1, 3));
      const x = g.values[0]!;
      g.dense(t, x, t.dim(), { activation: t.pick(["tanh", "identity", "sigmoid", "gelu"]) });
    }
    for (const s of steps) step(g, new Tape(s.tape), ND_OPS[s.op]!);

    const lt = new Tape(loss);
    const primary = g.values.at(-1)!;
    const isNode = (v: Val) => v.name in g.nodes;
    const sinks = g.values.filter((v) => !v.int && isNode(v) && v !== primary && (g.uses.get(v.name) ?? 0) === 0).reverse();
    const extra = sinks.slice(0, lt.int(3));
    const second = sinks.length > 0 && lt.oneIn(3) ? sinks[0]! : undefined;
    const terms = [primary, ...extra].map((v, i) => lossTerm(g, lt, v, i === 0));
    // Defaults where they apply: the only target, the primary output.
    const oneTarget = Object.keys(g.targets).length === 1;
    for (const term of terms) {
      if (oneTarget) delete term.target;
      if (term.output === primary.name && lt.oneIn(2)) delete term.output;
    }
    return {
      name: "fuzznd",
      dtype: "f64",
      maxBatch: t.range(1, 4),
      inputs: g.inputs,
      targets: g.targets,
      nodes: g.nodes,
      output: second === undefined ? primary.name : [primary.name, second.name],
      loss: terms,
      optimizer: { type: t.pick(OPTIMIZERS) },
    } as Record<string, unknown>;
  });

export const ndFuzzCase: fc.Arbitrary<FuzzCase> = ndGraphSpec.chain((spec) =>
  fc.record({ spec: fc.constant(spec), batch: fc.integer({ min: 1, max: spec.maxBatch as number }), seed: fc.nat({ max: 1_000_000 }) }),
);

/** What one N-D case exercises, for the coverage check of its fuzz test (reads the normalized spec for shapes). */
export function ndCaseFeatures({ spec }: FuzzCase): string[] {
  const normalized = validateSpec(spec);
  const shapes = new Map([...normalized.inputs, ...normalized.targets, ...normalized.nodes].map((v) => [v.name, v.shape]));
  const features = new Set<string>();
  const uses = new Map<string, number>();
  for (const [name, node] of Object.entries(spec.nodes as Record<string, Json>)) {
    const type = String(node.type);
    const ins = (node.inputs as string[] | undefined) ?? (node.input === undefined ? [] : [node.input as string]);
    for (const i of ins) uses.set(i, (uses.get(i) ?? 0) + 1);
    const rank = (shapes.get(ins[0] ?? "") ?? []).length;
    if (type === "matmul") {
      features.add(`matmul transposeA ${node.transposeA === true} transposeB ${node.transposeB === true}`);
      if (rank > 2) features.add("matmul batch axes");
      if (ins[0] === ins[1]) features.add("matmul a with itself");
    } else if (type === "dense") features.add(rank > 1 ? "dense rank > 1" : "dense");
    else if (["sum", "mean", "max"].includes(type)) {
      features.add(type);
      if (node.keepDims === true) features.add("keepDims");
    }
    else if (type === "softmax" || type === "logSoftmax") {
      const n = normalized.nodes.find((x) => x.name === name);
      features.add(n?.kind === "softmax" && n.axis !== rank - 1 ? `${type} inner axis` : type);
    }
    else if (type === "multiHeadAttention") {
      features.add(`multiHeadAttention ${node.input === undefined ? "cross" : "self"}`);
      if (node.causal === true) features.add("multiHeadAttention causal");
    } else if (["add", "sub", "mul", "div", "maximum", "minimum"].includes(type)) {
      const grows = ins.filter((i) => (shapes.get(i) ?? []).join() !== (shapes.get(name) ?? []).join());
      features.add(type);
      if (grows.length > 0 && type !== "add") features.add(grows.length === ins.length ? "two-way broadcast" : "broadcast");
    } else if (["transpose", "reshape", "flatten", "slice", "concat"].includes(type)) {
      const int = normalized.nodes.find((n) => n.name === name)?.dtype === "int32";
      features.add(int ? "int32 movement" : type);
    } else features.add(type);
  }
  if ([...uses.values()].some((n) => n > 1)) features.add("fan-out");
  const terms = spec.loss as Json[];
  for (const term of terms) features.add(`loss ${String(term.type)}`);
  if (terms.length > 1) features.add("several loss terms");
  if (terms.some((term) => term.weight !== undefined)) features.add("weighted loss");
  if (Array.isArray(spec.output)) features.add("several outputs");
  return [...features];
}

/** Every feature ndCaseFeatures reports that the budget must reach. */
export function ndAllFeatures(): string[] {
  const bools = [false, true];
  return [
    ...bools.flatMap((a) => bools.map((b) => `matmul transposeA ${a} transposeB ${b}`)),
    "matmul batch axes",
    "matmul a with itself",
    "dense",
    "dense rank > 1",
    "sum",
    "mean",
    "max",
    "keepDims",
    "softmax inner axis",
    "logSoftmax",
    "multiHeadAttention self",
    "multiHeadAttention cross",
    "multiHeadAttention causal",
    "add",
    "sub",
    "mul",
    "div",
    "maximum",
    "minimum",
    "broadcast",
    "two-way broadcast",
    "transpose",
    "reshape",
    "flatten",
    "slice",
    "concat",
    "int32 movement",
    "layerNormalization",
    "embedding",
    "exp",
    "log",
    "sqrt",
    "fan-out",
    ...LOSS_TYPES.map((l) => `loss ${l}`),
    "several loss terms",
    "weighted loss",
    "several outputs",
  ];
}
