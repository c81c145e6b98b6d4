// The `layout` the generated module exports: names, per-sample shapes and parameter offsets,
// in spec order (kernel before bias). Tools rely on these exact names.
import { shapeSize, type Graph, type Shape } from "../../../ir/graph.ts";
import type { ModuleMeta } from "./meta.ts";

export interface ModuleLayout {
  name: string;
  dtype: "f32" | "f64";
  maxBatch: number;
  /** `dtype: "int32"` marks an input passed as an Int32Array (indices); absent: the model's floats. */
  inputs: { name: string; shape: number[]; dtype?: "int32" }[];
  targets: { name: string; shape: number[]; dtype?: "int32" }[];
  outputs: { name: string; shape: number[] }[];
  params: { name: string; shape: number[]; offset: number; length: number }[];
  paramCount: number;
  /** Values kept between calls but not trained, slices of `model.state` (empty: none). */
  state: { name: string; shape: number[]; offset: number; length: number }[];
}

export interface ParamOffset {
  id: string;
  name: string;
  shape: number[];
  offset: number;
  length: number;
  init: ModuleMeta["params"][number]["init"];
  fans?: [number, number];
}

export function paramOffsets(meta: ModuleMeta): ParamOffset[] {
  return withOffsets(meta.params);
}

export type StateOffset = NonNullable<ModuleMeta["state"]>[number] & { offset: number; length: number };

/** The state values with their slices of the flat state buffer. */
export function stateOffsets(meta: ModuleMeta): StateOffset[] {
  return withOffsets(meta.state ?? []);
}

function withOffsets<T extends { shape: number[] }>(list: readonly T[]): (T & { offset: number; length: number })[] {
  let offset = 0;
  return list.map((p) => {
    const length = shapeSize(p.shape, 1);
    const o = { ...p, offset, length };
    offset += length;
    return o;
  });
}

/** How many values `model.state` holds (0 for most models). */
export function stateLength(layout: Pick<ModuleLayout, "state">): number {
  return layout.state.reduce((sum, v) => sum + v.length, 0);
}

/** Per-sample shape: the batch dimension n dropped. */
export function perSample(shape: Shape): number[] {
  return (shape[0] === "n" ? shape.slice(1) : shape).map(Number);
}

export function buildLayout(g: Graph, meta: ModuleMeta): ModuleLayout {
  const shapes = new Map([...g.inputs, ...g.nodes].map((v) => [v.id, v.shape]));
  const ints = new Set(g.inputs.filter((v) => v.dtype === "i32").map((v) => v.id));
  const named = (role: "input" | "target") =>
    meta.inputs
      .filter((v) => v.role === role)
      .map((v) => ({ name: v.name, shape: perSample(shapes.get(v.id)!), ...(ints.has(v.id) ? { dtype: "int32" as const } : {}) }));
  const offsets = paramOffsets(meta);
  const last = offsets[offsets.length - 1];
  return {
    name: meta.name,
    dtype: meta.dtype,
    maxBatch: meta.maxBatch,
    inputs: named("input"),
    targets: named("target"),
    outputs: [
      { name: meta.outputName, shape: perSample(shapes.get(g.output)!) },
      ...(g.extraOutputs ?? []).map((id, i) => ({ name: meta.extraOutputNames?.[i] ?? id, shape: perSample(shapes.get(id)!) })),
    ],
    params: offsets.map((o) => ({ name: o.name, shape: o.shape, offset: o.offset, length: o.length })),
    paramCount: last ? last.offset + last.length : 0,
    state: stateOffsets(meta).map((o) => ({ name: o.name, shape: o.shape, offset: o.offset, length: o.length })),
  };
}
