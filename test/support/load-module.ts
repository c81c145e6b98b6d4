// Loads generated TypeScript in this process: esbuild strips the types, a data: URL imports it
// (generated modules import nothing, so no file is needed).
import { transform } from "esbuild";

export interface LoadedModel {
  params: Float64Array | Float32Array;
  grads: Float64Array | Float32Array;
  lr: number;
  forward(...args: unknown[]): Float64Array | Float32Array;
  loss(...args: unknown[]): number;
  backward(): void;
  step(): void;
  trainStep(...args: unknown[]): number;
}

export interface LoadedModule {
  layout: {
    name: string;
    dtype: "f32" | "f64";
    maxBatch: number;
    inputs: readonly { name: string; shape: readonly number[] }[];
    targets: readonly { name: string; shape: readonly number[] }[];
    outputs: readonly { name: string; shape: readonly number[] }[];
    params: readonly { name: string; shape: readonly number[]; offset: number; length: number }[];
    paramCount: number;
  };
  Model: new (options?: { seed?: number }) => LoadedModel;
}

export async function loadModule(code: string): Promise<LoadedModule> {
  const js = await transform(code, { loader: "ts", format: "esm", target: "node20" });
  const url = `data:text/javascript;base64,${Buffer.from(js.code).toString("base64")}`;
  return (await import(url)) as LoadedModule;
}
