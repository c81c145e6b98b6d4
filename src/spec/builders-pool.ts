// TypeScript builders of the pooling layers (issue 13), as tf.layers: `maxPooling2d()` (poolSize 2,
// strides poolSize, "valid"), `averagePooling2d({ poolSize: [3, 2], padding: "same" })` in a layer list,
// `globalAveragePooling2d({ input: "features" })` in a graph. Each returns the plain data of the JSON form.
import { built, type Fields, type SingleInput } from "./builder-options.ts";
import type { GlobalPoolingLayerSpec, Pooling1DLayerSpec, Pooling2DLayerSpec } from "./types.ts";

type Pool<L extends { type: string; name?: string }, T extends L["type"]> = SingleInput<[], L & { type: T }, Omit<Fields<L>, "type">>;

function pooling<L extends Pooling2DLayerSpec | Pooling1DLayerSpec, T extends L["type"]>(type: T): Pool<L, T> {
  return ((options?: unknown) => built(type, {}, options)) as Pool<L, T>;
}
/** Max over [ph, pw] windows of [height, width, channels]. */
export const maxPooling2d = pooling<Pooling2DLayerSpec, "maxPooling2d">("maxPooling2d");
/** Mean over [ph, pw] windows of [height, width, channels] (padding never counted). */
export const averagePooling2d = pooling<Pooling2DLayerSpec, "averagePooling2d">("averagePooling2d");
/** Max over windows of p steps of [steps, channels]. */
export const maxPooling1d = pooling<Pooling1DLayerSpec, "maxPooling1d">("maxPooling1d");
/** Mean over windows of p steps of [steps, channels]. */
export const averagePooling1d = pooling<Pooling1DLayerSpec, "averagePooling1d">("averagePooling1d");

type GlobalPool<T extends GlobalPoolingLayerSpec["type"]> = SingleInput<[], GlobalPoolingLayerSpec & { type: T }>;
function globalPooling<T extends GlobalPoolingLayerSpec["type"]>(type: T): GlobalPool<T> {
  return ((options?: unknown) => built(type, {}, options)) as GlobalPool<T>;
}
/** [height, width, channels] → [channels]: the mean over every position. */
export const globalAveragePooling2d = globalPooling("globalAveragePooling2d");
/** [height, width, channels] → [channels]: the max over every position. */
export const globalMaxPooling2d = globalPooling("globalMaxPooling2d");
/** [steps, channels] → [channels]: the mean over every step. */
export const globalAveragePooling1d = globalPooling("globalAveragePooling1d");
/** [steps, channels] → [channels]: the max over every step. */
export const globalMaxPooling1d = globalPooling("globalMaxPooling1d");
