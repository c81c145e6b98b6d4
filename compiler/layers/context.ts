// What a layer's lowering works with: the builder, and a way to declare the layer's parameters
// (their layout name, shape and initializer). Layers are compositions of primitive ops.
import type { GraphBuilder } from "../ir/builder.ts";
import type { Value } from "../ir/graph.ts";
import type { InitializerName } from "../../src/spec/types.ts";
import { isBatched as isBatchedShape } from "../ops/nd.ts";
import { perSample as perSampleShape } from "../ops/reshape.ts";

/** How a parameter starts: the spec's initializers, plus "ones" (a layer normalization's scale). */
export type Initializer = InitializerName | "ones";

export interface ParamInfo {
  /** IR id of the parameter. */
  id: string;
  /** Name in the layout: `<layer>.kernel`, `<layer>.query.bias`, … */
  name: string;
  shape: number[];
  init: Initializer;
  /** Fan-in and fan-out for He/Glorot when the shape alone does not say (an attention kernel [d, heads, keyDim]). */
  fans?: [number, number];
}

/**
 * Which graph is being lowered: "train" for loss, backward and trainStep (batch statistics, dropout
 * masks, state updates), "infer" for forward and evaluate (moving statistics, no dropout).
 */
export type Mode = "train" | "infer";

/** A value the model keeps between calls without training it (a batch norm's moving mean). */
export interface StateInfo {
  id: string;
  /** Name in layout.state: `<layer>.movingMean`, … */
  name: string;
  shape: number[];
  init: "zeros" | "ones";
}

export interface LayerContext {
  readonly b: GraphBuilder;
  readonly mode: Mode;
  /** Declares `<layer>.<suffix>` with the given shape and initializer. */
  param(layer: string, suffix: string, shape: number[], init: Initializer, fans?: [number, number]): Value;
  /** Declares the state value `<layer>.<suffix>` (in both modes; only training updates it). */
  state(layer: string, suffix: string, shape: number[], init: StateInfo["init"]): Value;
}

/** Whether a value carries the batch axis "n" (its IR axis 0). */
export const isBatched = (v: Value): boolean => isBatchedShape(v.shape);

/** A per-sample axis (0 = the first axis after the batch) as an IR axis of `v`. */
export const irAxis = (v: Value, axis: number): number => axis + (isBatched(v) ? 1 : 0);

/** The per-sample shape of a value (its static dimensions). */
export const perSample = (v: Value): number[] => perSampleShape(v.shape);

/**
 * `x` with the batch axis: itself if it has n, else n copies of it (a broadcast whose shape operand,
 * which takes no gradient, is a [n, 1, …, 1] slice of `batched` with as many 1s as x has axes).
 */
export function withBatch(b: GraphBuilder, x: Value, batched: Value): Value {
  if (isBatched(x)) return x;
  const rank = batched.shape.length;
  const corner = b.apply("slice", [batched], { begin: Array<number>(rank).fill(0), size: [-1, ...Array<number>(rank - 1).fill(1)] });
  const ones = Array<number>(x.shape.length).fill(1);
  const like = rank === x.shape.length + 1 ? corner : b.apply("reshape", [corner], { shape: ones });
  return b.apply("broadcast", [x, like]);
}
