// Types of graph.mjs (a bench workload as an ONNX model), for the TypeScript tests.

/** A workload of bench/workloads.mjs: an MLP (sizes, activations) or a CNN (input [H, W, C], layers). */
export interface OnnxWorkload {
  name: string;
  batch: number;
  sizes: number[];
  activations?: string[];
  loss: string;
  input?: number[];
  layers?: Record<string, unknown>[];
}

export function workloadModel(
  w: OnnxWorkload,
  params: Float32Array,
): { bytes: Uint8Array; input: string; output: string; inputShape: number[]; outputShape: number[] };

export function permute(data: Float32Array, shape: number[], order: number[]): Float32Array;
