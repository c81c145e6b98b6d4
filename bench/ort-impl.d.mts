// Types of ort-impl.mjs (onnxruntime-web running a workload's ONNX graph), for the TypeScript tests.
import type { OnnxWorkload } from "./onnx/graph.mjs";

export function makeOrt(
  w: OnnxWorkload,
  params: Float32Array,
  x: Float32Array,
): Promise<{ name: string; infer(): Promise<number>; output(): Promise<Float32Array> }>;
