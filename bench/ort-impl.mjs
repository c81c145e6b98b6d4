// onnxruntime-web (its WebAssembly backend, SIMD, one thread, no proxy worker) running a workload's
// ONNX graph, built from the tapeless weights by bench/onnx/graph.mjs. The input tensor is made
// once and reused; each `infer()` is one `session.run` (which copies the input into the wasm heap
// and the output out of it, as ort-web's ordinary use does), awaited.
import { workloadModel } from "./onnx/graph.mjs";

export async function makeOrt(w, params, x) {
  const ort = await import("onnxruntime-web");
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  ort.env.wasm.proxy = false;
  const model = workloadModel(w, params);
  const session = await ort.InferenceSession.create(model.bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  const feeds = { [model.input]: new ort.Tensor("float32", x, model.inputShape) };
  return {
    name: `onnxruntime-web ${ort.env.versions.web}, wasm (simd, 1 thread)`,
    /** The output's first value. */
    async infer() {
      return (await session.run(feeds))[model.output].data[0];
    },
    /** The whole output, [batch, classes]. */
    async output() {
      return (await session.run(feeds))[model.output].data;
    },
  };
}
