// Loads generated TypeScript in this process, through the package's own importGenerated
// (esbuild strips the types, a data: URL imports it: generated modules import nothing).
import { importGenerated } from "../../src/load-model.ts";

export interface LoadedModel {
  params: Float64Array | Float32Array;
  grads: Float64Array | Float32Array;
  /** Batch norm's moving statistics (empty for most models). */
  state: Float64Array | Float32Array;
  /** The dropout generator's state; only models with dropout have it. */
  randomState?: number;
  readonly output: Float64Array | Float32Array;
  lr: number;
  stepCount: number;
  skippedSteps: number;
  forward(...args: unknown[]): Float64Array | Float32Array;
  predict(...args: unknown[]): Float64Array | Float32Array;
  loss(...args: unknown[]): number;
  evaluate(...args: unknown[]): number;
  backward(): void;
  step(): void;
  trainStep(...args: unknown[]): number;
  save(options?: { optimizerState?: boolean }): Uint8Array;
  load(bytes: Uint8Array, options?: { optimizerState?: boolean }): void;
}

export interface LoadedModule {
  layout: {
    name: string;
    dtype: "f32" | "f64";
    maxBatch: number;
    inputs: readonly { name: string; shape: readonly number[]; dtype?: "int32" }[];
    targets: readonly { name: string; shape: readonly number[]; dtype?: "int32" }[];
    outputs: readonly { name: string; shape: readonly number[] }[];
    params: readonly { name: string; shape: readonly number[]; offset: number; length: number }[];
    paramCount: number;
    state: readonly { name: string; shape: readonly number[]; offset: number; length: number }[];
  };
  Model: new (options?: { seed?: number }) => LoadedModel;
}

export async function loadModule(code: string): Promise<LoadedModule> {
  return (await importGenerated(code)) as unknown as LoadedModule;
}
