// Types for specs imported through the esbuild or Vite plugin:
//   /// <reference types="tapeless/client" />   (or "types": ["tapeless/client"] in tsconfig)
//   import { Model, layout } from "./model.net.ts?tapeless";
// For exact per-model types (Float32Array vs Float64Array, argument names), import the file
// `tapeless build` writes instead.
declare module "*?tapeless" {
  import type { Layout, ModelInstance } from "tapeless";
  export const layout: Layout;
  export const Model: new (options?: { seed?: number }) => ModelInstance;
}
