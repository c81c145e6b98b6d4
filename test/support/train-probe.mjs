// Trains a generated model a few steps on seeded data and fingerprints everything it produced
// (losses, parameters, output, bytes as base64), so two builds of one model compare bit for bit.
// In-process: probe(module). In its own plain-Node process: node train-probe.mjs <file> [cjs].
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** @param {{ Model: new (o?: { seed?: number }) => any, layout: any }} module */
export function probe({ Model, layout }) {
  const Typed = layout.dtype === "f64" ? Float64Array : Float32Array;
  const batch = Math.min(3, layout.maxBatch);
  const size = (shape) => shape.reduce((a, d) => a * d, 1);
  let seed = 7;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
  // int32 values (indices) are 0 or 1: in range for any table or class count of two or more
  const data = (v, value) => (v.dtype === "int32" ? Int32Array.from({ length: batch * size(v.shape) }, () => (next() > 0 ? 1 : 0)) : Typed.from({ length: batch * size(v.shape) }, value));
  const inputs = layout.inputs.map((v) => data(v, next));
  const targets = layout.targets.map((v) => data(v, () => next() + 0.5));
  const model = new Model({ seed: 3 });
  const losses = new Float64Array(5);
  for (let i = 0; i < losses.length; i++) losses[i] = model.trainStep(...inputs, ...targets, batch);
  const out = model.forward(...inputs, batch);
  const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
  return { losses: bytes(losses), params: bytes(model.params), output: bytes(out.subarray(0, batch)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, kind] = process.argv.slice(2);
  const module =
    kind === "cjs" ? createRequire(import.meta.url)(file) : await import(pathToFileURL(file).href);
  process.stdout.write(JSON.stringify(probe(module)));
}
